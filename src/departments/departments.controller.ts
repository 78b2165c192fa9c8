import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from './dto/department.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('departments')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @Access.signedIn()
  @ApiOperation({ summary: 'Departments you can see' })
  @ApiOkResponse({ type: [DepartmentDto] })
  list(@CurrentActor() actor: Actor): Promise<DepartmentDto[]> {
    return this.departments.list(actor);
  }

  @Get(':id')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: 'One department (404 when you have no role in it)' })
  @ApiOkResponse({ type: DepartmentDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<DepartmentDto> {
    return this.departments.get(actor, id);
  }

  @Post()
  @Access.roles('admin')
  @Idempotent()
  @ApiOperation({ summary: 'Add a department' })
  @ApiCreatedResponse({ type: DepartmentDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return this.departments.create(actor, dto);
  }

  @Patch(':id')
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: 'Change a department (optimistic locking on version)' })
  @ApiOkResponse({ type: DepartmentDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    return this.departments.update(actor, id, dto);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Access.roles('admin')
  @ApiOperation({ summary: 'Archive a department (departments are never deleted)' })
  @ApiOkResponse({ type: DepartmentDto })
  archive(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<DepartmentDto> {
    return this.departments.archive(actor, id);
  }
}
