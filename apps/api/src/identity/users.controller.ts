import { Body, Controller, Get, Headers, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ChangeUserPasswordCommand,
  CreateUserCommand,
  DisableUserCommand,
  UserQueries,
} from '@dondoc/identity';
import { Actor, CLOCK, Clock, CurrentActor, Roles } from '@dondoc/platform';
import { commandContextFrom } from './command-context';
import { ChangePasswordDto, CreateUserDto, DisableUserDto, UserListQuery } from './identity.dto';

type RequestHeaders = Record<string, string | string[] | undefined>;

@ApiTags('users')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: UserQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user (administrators only); the password is stored as a salted scrypt hash' })
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor, @Headers() headers: RequestHeaders) {
    const { password, agency, ...rest } = body;
    return this.commands.execute(
      new CreateUserCommand({ ...rest, agency: agency ?? null, password }, commandContextFrom(actor, headers, this.clock.now())),
    );
  }

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'Users, by user name, paged' })
  list(@Query() query: UserListQuery) {
    return this.queries.list(query.page ?? 1, query.pageSize ?? 50);
  }

  @Get(':userId')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'One user as folded from its stream user-<userId>' })
  get(@Param('userId') userId: string) {
    return this.queries.get(userId);
  }

  @Post(':userId/password')
  @Roles('admin')
  @ApiOperation({ summary: 'Set a new password for a user (administrators only)' })
  changePassword(
    @Param('userId') userId: string,
    @Body() body: ChangePasswordDto,
    @CurrentActor() actor: Actor,
    @Headers() headers: RequestHeaders,
  ) {
    return this.commands.execute(
      new ChangeUserPasswordCommand(userId, body.newPassword, commandContextFrom(actor, headers, this.clock.now())),
    );
  }

  @Post(':userId/disable')
  @Roles('admin')
  @ApiOperation({ summary: 'Lock an account: login refused, issued tokens stop working' })
  disable(
    @Param('userId') userId: string,
    @Body() body: DisableUserDto,
    @CurrentActor() actor: Actor,
    @Headers() headers: RequestHeaders,
  ) {
    return this.commands.execute(new DisableUserCommand(userId, body.reason, commandContextFrom(actor, headers, this.clock.now())));
  }
}
