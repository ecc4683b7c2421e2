import { Injectable } from '@nestjs/common';
import type { Actor } from '@hub/domain';
import { canRead, type SubjectName } from '@hub/access';
import { AuditService } from '../audit/audit.service';
import { CaseAccessService, type ResolvedAccess } from './case-access.service';

/** What one kind of case content is, for a masked read: how to load it, check it, name it and show it. */
export interface ReadSpec<T, V> {
  /** The access rules' subject, also the audit row's subject type. */
  subject: SubjectName;
  load: (resolved: ResolvedAccess) => Promise<readonly T[]>;
  /** The object the read rule is checked against; the row itself when not given. */
  as?: (row: T) => object;
  /** The id the audit row names. */
  id: (row: T) => string;
  view: (row: T, resolved: ResolvedAccess) => V;
}

/**
 * An audited, masked read as one call: resolve the caller's access to the case (404 and a denial row when none),
 * load, keep what the caller may read, record the permit naming exactly what is returned, and map each to its view.
 * A service that reads case content through this cannot forget the filter, the audit row or the view.
 */
@Injectable()
export class AuditedReader {
  constructor(
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  /** `resolved` when the caller holds it already (a thread's readable check, say); resolved here otherwise. */
  async read<T, V>(actor: Actor, caseId: string, spec: ReadSpec<T, V>, resolved?: ResolvedAccess): Promise<V[]> {
    const r = resolved ?? (await this.access.resolve(actor, caseId));
    const as = spec.as ?? ((row: T) => row as object);
    const rows = (await spec.load(r)).filter((row) => canRead(r.ability, spec.subject, as(row)));
    await this.audit.permit(actor, { caseId, subjectType: spec.subject, subjectIds: rows.map(spec.id) });
    return rows.map((row) => spec.view(row, r));
  }
}
