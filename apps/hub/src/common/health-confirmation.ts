import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

/**
 * Issue 19: the confirmation field on every write whose open text an arbeidsgiver reads (`helseopplysningerBekreftet`).
 * One decorator, so every such DTO documents and validates it the same way.
 */
export function HealthConfirmation(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'Send again with true when a health_text refusal named this text and the sykmeldt has agreed that the arbeidsgiver may read it; the confirmation is audited (never the text)',
    }),
    IsOptional(),
    IsBoolean(),
  );
}
