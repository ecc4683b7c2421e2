import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { SearchController } from './search.controller';
import { SearchIndexer } from './search-indexer';
import { SearchService } from './search.service';

@Module({ imports: [AccessModule, AuditModule], controllers: [SearchController], providers: [SearchService, SearchIndexer] })
export class SearchModule {}
