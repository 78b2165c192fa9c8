import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DIGEST_CHOICES, DigestChoice } from '../kernel/mail-digest';
import { PASSWORD_MAX_LENGTH } from '../identity/password.service';

/** The sign-in form; "next" is where to go afterwards (a path on this site). */
export class SignInFormDto {
  @IsString()
  @MaxLength(320)
  email!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}

/** A new password set with a one-time token (a password reset). */
export class ResetPasswordFormDto {
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  confirmPassword!: string;
}

/** The invitation's first password, with the name the user goes by. */
export class WelcomeFormDto extends ResetPasswordFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;
}

export class PasswordFormDto {
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  confirmPassword!: string;
}

export class ForgotPasswordFormDto {
  @IsString()
  @MaxLength(320)
  email!: string;
}

export class MailSettingsFormDto {
  @IsIn(DIGEST_CHOICES, { message: 'digest must be daily, weekly or off' })
  digest!: DigestChoice;
}

export class UnsubscribeFormDto {
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  token!: string;
}
