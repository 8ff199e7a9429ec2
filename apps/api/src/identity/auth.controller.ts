import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { LoginService } from '@dondoc/identity';
import { Actor, CurrentActor, Public } from '@dondoc/platform';
import { LoginDto } from './identity.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly logins: LoginService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with user name and password; returns a bearer token carrying user, role and agency' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address or for this user name' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const ip = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const result = await this.logins.login(body.username, body.password, ip);
    if (result.kind === 'throttled') {
      response.setHeader('Retry-After', String(result.retryAfterSeconds));
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      throw new HttpException(
        { message: `Đăng nhập sai quá nhiều lần; vui lòng thử lại sau khoảng ${minutes} phút` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const { kind: _kind, ...body200 } = result;
    return body200;
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token says you are' })
  me(@CurrentActor() actor: Actor) {
    return actor;
  }
}
