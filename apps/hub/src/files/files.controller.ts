import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, Invalid } from '@hub/domain';
import { CurrentActor } from '../auth/auth.guard';
import { ApiErrors, PERSON_ROUTE } from '../common/openapi';
import { MultipartBody } from '../common/request-bodies';
import { ThreadParamsDto } from '../threads/dto/thread-params.dto';
import { FileParamsDto } from './dto/file-params.dto';
import { UploadedFileViewSchema } from './dto/file-views.schema';
import { FilesService, UploadedFileView } from './files.service';

@ApiTags('files')
@ApiBearerAuth()
@ApiErrors(PERSON_ROUTE)
@Controller('cases/:caseId/threads/:threadId/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @MultipartBody()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        classification: {
          type: 'string',
          enum: ['open', 'health', 'medical'],
          description: 'Applies to the files after it; default by role',
        },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiOperation({
    summary: 'Upload files (multipart/form-data, parts named file) to attach by id in the next message; unused ones are deleted',
  })
  @ApiCreatedResponse({ type: [UploadedFileViewSchema] })
  @ApiErrors(400, 403, 404, 413, 415)
  upload(@CurrentActor() actor: Actor, @Param() p: ThreadParamsDto, @Req() req: FastifyRequest): Promise<UploadedFileView[]> {
    if (!req.isMultipart()) throw new Invalid('content-type', 'isMultipart', 'Send the files as multipart/form-data');
    return this.files.upload(actor, p.caseId, p.threadId, req.parts());
  }

  @Get(':fileId')
  @ApiOperation({ summary: 'Download a file of a message the caller may see, as an attachment; 404 otherwise' })
  @ApiOkResponse({
    description: 'The bytes, with the content-type found when it was uploaded',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, 404)
  async download(@CurrentActor() actor: Actor, @Param() p: FileParamsDto, @Res() reply: FastifyReply): Promise<void> {
    const f = await this.files.download(actor, p.caseId, p.threadId, p.fileId);
    await reply
      .headers({
        'content-type': f.mimeType,
        'content-length': String(f.sizeBytes),
        'content-disposition': `attachment; filename="${asciiName(f.filename)}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
      })
      .send(f.body);
  }
}

/** The plain-ASCII fallback name for old clients; the UTF-8 name is in `filename*`. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
