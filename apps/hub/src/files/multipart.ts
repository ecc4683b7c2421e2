import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { HubConfig } from '../config/config';

/**
 * Only routes marked `@MultipartBody()` accept it (common/request-bodies.ts). @fastify/multipart parses lazily: the handler pulls parts one by one and streams each file (never whole in memory),
 * and busboy stops a file at `maxBytes` and a request at `maxPerMessage` files. Fields are small: a classification.
 */
export async function acceptMultipart(fastify: FastifyInstance, files: HubConfig['files']): Promise<void> {
  await fastify.register(multipart, {
    limits: {
      fileSize: files.maxBytes,
      files: files.maxPerMessage,
      fields: 20,
      fieldSize: 64,
      parts: files.maxPerMessage + 20,
      headerPairs: 50,
    },
    throwFileSizeLimit: true,
  });
}
