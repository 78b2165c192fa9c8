import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { ProgramDto, UpdateProgramDto } from './dto/program.dto';
import { ProgramsService } from './programs.service';

@ApiTags('standards')
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Get()
  @Access.signedIn()
  @ApiOperation({ summary: 'The accreditation programs: cycle length, milestones, tiers and size classes, manual versions' })
  @ApiOkResponse({ type: ProgramDto, isArray: true })
  list(): Promise<ProgramDto[]> {
    return this.programs.list();
  }

  @Get(':id')
  @Access.signedIn()
  @ApiOperation({ summary: 'One program' })
  @ApiOkResponse({ type: ProgramDto })
  @ApiNotFoundResponse()
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ProgramDto> {
    return this.programs.get(id);
  }

  @Patch(':id')
  @Access.roles('admin')
  @ApiOperation({
    summary: "Change a program's cycle length, milestones, tiers or size classes (administrators)",
    description: 'A program named by a manual import for the first time is made with CALEA\'s shape (four-year cycle, tiers, size classes, every milestone); its name never changes. The cycle length decides the cycles of every enrolment in it, proof placement, the coverage grid and the milestones; it cannot change once proofs are filed under the program. Audited (program.updated).',
  })
  @ApiOkResponse({ type: ProgramDto })
  @ApiConflictResponse({ description: 'The version sent is stale, or cycleYears changes while proofs are filed under the program (each is placed in a cycle of the old length)' })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateProgramDto): Promise<ProgramDto> {
    return this.programs.update(actor, id, dto);
  }
}
