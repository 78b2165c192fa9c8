import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/pagination';
import { Access, CurrentActor } from './access/access.decorator';
import type { Actor } from './access/actor';
import { InvitedUserDto, InviteUserDto, SetMembershipsDto, UpdateUserDto, UserDto, UserListQueryDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('users')
@Controller('users')
@Access.roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: UserListQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Invite a user: creates the account and a one-time link to set a password' })
  @ApiCreatedResponse({ type: InvitedUserDto })
  invite(@CurrentActor() actor: Actor, @Body() dto: InviteUserDto): Promise<InvitedUserDto> {
    return this.users.invite(actor, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, disable or enable a user, or change the administrator role' })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(actor, id, dto);
  }

  @Put(':id/memberships')
  @ApiOperation({ summary: "Replace a user's department roles" })
  @ApiOkResponse({ type: UserDto })
  setMemberships(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SetMembershipsDto): Promise<UserDto> {
    return this.users.setMemberships(actor, id, dto.memberships);
  }

  @Post(':id/invitation')
  @ApiOperation({ summary: 'Send a user who has not set a password a new invitation (earlier links stop working)' })
  @ApiCreatedResponse({ type: InvitedUserDto })
  resendInvitation(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<InvitedUserDto> {
    return this.users.resendInvitation(actor, id);
  }

  @Delete(':id/invitation')
  @HttpCode(200)
  @ApiOperation({ summary: "Withdraw a user's open invitation (its link stops working; they are told by mail)" })
  @ApiOkResponse({ type: UserDto })
  revokeInvitation(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return this.users.revokeInvitation(actor, id);
  }
}
