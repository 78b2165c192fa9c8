import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../password.service';
import { UserDto } from './user.dto';

export class LoginDto {
  @ApiProperty({ example: 'manager@normandy.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiPropertyOptional({
    enum: ['token', 'cookie'],
    default: 'token',
    description: 'token: bearer access and refresh tokens in the body; cookie: an HTTP-only session cookie for the web pages',
  })
  @IsOptional()
  @IsIn(['token', 'cookie'])
  session?: 'token' | 'cookie';
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;
}

export class TokensDto {
  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty()
  accessToken!: string;

  @ApiProperty()
  refreshToken!: string;

  @ApiProperty({ description: 'When the access token expires' })
  expiresAt!: string;

  @ApiProperty()
  refreshExpiresAt!: string;
}

export class CookieSessionDto {
  @ApiProperty({ description: 'When the session cookie expires' })
  expiresAt!: string;

  @ApiProperty({ description: 'Send this as the X-CSRF-Token header (or the _csrf form field) with every write made with the cookie' })
  csrfToken!: string;

  @ApiProperty({ type: () => UserDto })
  user!: UserDto;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'member@normandy.example', description: 'The email of the account; the answer is the same whether or not it exists' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;
}

export class PasswordResetRequestedDto {
  @ApiProperty({ example: 'If an account exists for that email, a link to reset its password is on its way.' })
  message!: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'The token from the password-reset link' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
