import { CreateCaseConversations1732700000000 } from './1732700000000-create-case-conversations';
import { AddReadMarkers1732750000000 } from './1732750000000-add-read-markers';

/** Every migration, in order. Listed rather than globbed so the build and the tests load the same set. */
export const MIGRATIONS = [CreateCaseConversations1732700000000, AddReadMarkers1732750000000];
