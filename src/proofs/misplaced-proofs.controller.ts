import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { MisplacedProofsDto } from './dto/misplaced-proof.dto';
import { MisplacedProofsService } from './misplaced-proofs.service';

@ApiTags('proofs')
@Controller('departments/:departmentId/proofs/misplaced')
export class MisplacedProofsController {
  constructor(private readonly misplaced: MisplacedProofsService) {}

  @Get()
  @Access.roles('admin', 'manager')
  @ApiOperation({
    summary: "Proofs whose stored cycle, year or period disagrees with their effective date and the department's cycle",
    description: 'A report for the managers: nothing is moved. Filings made before the date decided the year may be listed here.',
  })
  @ApiOkResponse({ type: MisplacedProofsDto })
  list(@CurrentActor() actor: Actor, @Param('departmentId', new ParseUUIDPipe()) departmentId: string): Promise<MisplacedProofsDto> {
    return this.misplaced.list(actor, departmentId);
  }
}
