import { Body, Controller, Get, Headers, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ChangeUserPasswordCommand,
  CreateUserCommand,
  DisableUserCommand,
  UserQueries,
  USER_READER_ROLES,
} from '@dondoc/identity';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import { commandContext } from '../http/command-context';
import { CommandHeaders } from '../http/command-headers';
import { newId } from '../tasking/tasking-http';
import { ChangePasswordDto, CreateUserDto, DisableUserDto, UserListQuery } from './identity.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: UserQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @CommandHeaders()
  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user (administrators only); the password is stored as a salted scrypt hash' })
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor, @Headers('idempotency-key') idempotencyKey?: string) {
    const { password, agency, userId, ...rest } = body;
    const context = commandContext(actor, this.clock.now(), idempotencyKey);
    // Derived from the (per-user) key when the client names no id: a retry creates nothing new
    // and answers the same user.
    const input = { ...rest, userId: userId ?? newId('user', '', context.commandId), agency: agency ?? null, password };
    return this.commands.execute(new CreateUserCommand(input, context));
  }

  @Get()
  @Roles(...USER_READER_ROLES)
  @ApiOperation({ summary: 'Users, by user name, paged' })
  list(@Query() query: UserListQuery) {
    return this.queries.list(query.page ?? 1, query.pageSize ?? 50);
  }

  @Get(':userId')
  @Roles(...USER_READER_ROLES)
  @ApiOperation({ summary: 'One user as folded from its stream user-<userId>' })
  get(@Param('userId') userId: string) {
    return this.queries.get(userId);
  }

  @CommandHeaders()
  @Post(':userId/password')
  @Roles('admin')
  @ApiOperation({ summary: 'Set a new password for a user (administrators only)' })
  changePassword(
    @Param('userId') userId: string,
    @Body() body: ChangePasswordDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.commands.execute(
      new ChangeUserPasswordCommand(userId, body.newPassword, commandContext(actor, this.clock.now(), idempotencyKey, ifMatch)),
    );
  }

  @CommandHeaders()
  @Post(':userId/disable')
  @Roles('admin')
  @ApiOperation({ summary: 'Lock an account: login refused, issued tokens stop working' })
  disable(
    @Param('userId') userId: string,
    @Body() body: DisableUserDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ) {
    return this.commands.execute(
      new DisableUserCommand(userId, body.reason, commandContext(actor, this.clock.now(), idempotencyKey, ifMatch)),
    );
  }
}
