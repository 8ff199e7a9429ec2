import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { USER_ROLES, UserRole } from '@dondoc/identity';

export class LoginDto {
  @ApiProperty({ example: 'thanh.tra.1' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class CreateUserDto {
  @ApiPropertyOptional({ description: 'Chosen by the server when absent' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/)
  userId?: string;

  @ApiProperty({ example: 'nguyen.van.a' })
  @IsString()
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'Nguyễn Văn A' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: UserRole;

  @ApiPropertyOptional({ description: 'Agency code: required for role agency, allowed for monitoring', example: 'CA_TINH' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9_]{2,64}$/)
  agency?: string;

  @ApiProperty({ description: 'At least 10 characters' })
  @IsString()
  @MaxLength(256)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'At least 10 characters' })
  @IsString()
  @MaxLength(256)
  newPassword: string;
}

export class DisableUserDto {
  @ApiProperty({ example: 'Chuyển công tác' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class UserListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}
