import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '@hub/domain';
import { HubConfig } from '../config/config';

/**
 * The routes that take `multipart/form-data`, by their route pattern. Every other route refuses it before its handler
 * runs, so a multipart body never reaches a handler that expects JSON (and never leaves a stream half read).
 */
export const MULTIPART_ROUTES: ReadonlySet<string> = new Set(['/cases/:caseId/threads/:threadId/files']);

const MULTIPART = /^multipart\/form-data\s*(;|$)/i;

/**
 * @fastify/multipart parses lazily: the handler pulls parts one by one and streams each file (never whole in memory),
 * and busboy stops a file at `maxBytes` and a request at `maxPerMessage` files. Fields are small: a classification.
 */
export async function acceptMultipart(fastify: FastifyInstance, files: HubConfig['files']): Promise<void> {
  await fastify.register(multipart, {
    limits: { fileSize: files.maxBytes, files: files.maxPerMessage, fields: 20, fieldSize: 64, parts: files.maxPerMessage + 20, headerPairs: 50 },
    throwFileSizeLimit: true,
  });
  fastify.addHook('preValidation', async (req) => {
    if (!MULTIPART.test(req.headers['content-type'] ?? '')) return;
    if (!MULTIPART_ROUTES.has(req.routeOptions.url ?? '')) {
      throw new DomainError('invalid', 'This route takes no multipart/form-data body', [{ field: 'content-type', constraint: 'notMultipart' }]);
    }
  });
}
