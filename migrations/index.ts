import { CreateCaseConversations1732700000000 } from './1732700000000-create-case-conversations';
import { AddReadMarkers1732750000000 } from './1732750000000-add-read-markers';
import { CreateDialogmeldinger1732800000000 } from './1732800000000-create-dialogmeldinger';
import { CreatePlanMote1732900000000 } from './1732900000000-create-plan-mote';
import { CreateTimelineTracksRetention1732950000000 } from './1732950000000-create-timeline-tracks-retention';
import { AddWriteMessagesFunction1733000000000 } from './1733000000000-add-write-messages-function';
import { WriteMessagesChecksSeat1733100000000 } from './1733100000000-write-messages-checks-seat';
import { CreateVarsler1733200000000 } from './1733200000000-create-varsler';
import { DialogmeldingSenderDigest1733201400000 } from './1733201400000-dialogmelding-sender-digest';
import { AddMessageEdits1733300000000 } from './1733300000000-add-message-edits';
import { CreateFiles1733400000000 } from './1733400000000-create-files';
import { MoteDialogmeldinger1733500000000 } from './1733500000000-mote-dialogmeldinger';
import { AddNamesAndMilestoneCauses1733610000000 } from './1733610000000-add-names-and-milestone-causes';
import { DeliveryIntervals1733630000000 } from './1733630000000-delivery-intervals';
import { SearchOffTheWrite1733631000000 } from './1733631000000-search-off-the-write';
import { LeanMessageWrite1733632000000 } from './1733632000000-lean-message-write';
import { DerivedDeliveriesByPage1733640000000 } from './1733640000000-derived-deliveries-by-page';
import { VarselThreadItems1733641000000 } from './1733641000000-varsel-thread-items';
import { WriteWithoutRowLocks1733642000000 } from './1733642000000-write-without-row-locks';
import { StrippedSearchVectors1733642100000 } from './1733642100000-stripped-search-vectors';
import { DeliveryParts1733643000000 } from './1733643000000-delivery-parts';
import { ExportByTime1733643100000 } from './1733643100000-export-by-time';
import { WriteGenericPlan1733644000000 } from './1733644000000-write-generic-plan';

/** Every migration, in order. Listed rather than globbed so the build and the tests load the same set. */
export const MIGRATIONS = [
  CreateCaseConversations1732700000000,
  AddReadMarkers1732750000000,
  CreateDialogmeldinger1732800000000,
  CreatePlanMote1732900000000,
  CreateTimelineTracksRetention1732950000000,
  AddWriteMessagesFunction1733000000000,
  WriteMessagesChecksSeat1733100000000,
  CreateVarsler1733200000000,
  DialogmeldingSenderDigest1733201400000,
  AddMessageEdits1733300000000,
  CreateFiles1733400000000,
  MoteDialogmeldinger1733500000000,
  AddNamesAndMilestoneCauses1733610000000,
  DeliveryIntervals1733630000000,
  SearchOffTheWrite1733631000000,
  LeanMessageWrite1733632000000,
  DerivedDeliveriesByPage1733640000000,
  VarselThreadItems1733641000000,
  WriteWithoutRowLocks1733642000000,
  StrippedSearchVectors1733642100000,
  DeliveryParts1733643000000,
  ExportByTime1733643100000,
  WriteGenericPlan1733644000000,
];
