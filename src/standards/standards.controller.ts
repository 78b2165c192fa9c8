import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../identity/access/access.decorator';
import { StandardPageDto, StandardQueryDto } from './dto/standard.dto';
import { StandardsService } from './standards.service';

@ApiTags('standards')
@Controller('manuals/:id/standards')
export class StandardsController {
  constructor(private readonly standards: StandardsService) {}

  @Get()
  @Access.signedIn()
  @ApiOperation({ summary: "A manual's standards in natural order (1.2.9, 1.2.10, 2.1.1), filtered and paged" })
  @ApiOkResponse({ type: StandardPageDto })
  list(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: StandardQueryDto): Promise<StandardPageDto> {
    return this.standards.list(id, query);
  }
}
