import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @ApiPropertyOptional({ example: 'login.failed' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string;

  @ApiPropertyOptional({ description: 'From this instant (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'Up to this instant (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601()
  to?: string;
}

export class AuditEventDto {
  @ApiProperty()
  id!: string;
  @ApiProperty()
  occurredAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  actorUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  actorEmail!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  actorRole!: string | null;
  @ApiProperty()
  action!: string;
  @ApiProperty()
  entityType!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  entityId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  departmentId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object })
  before!: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: Object })
  after!: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  requestId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  ip!: string | null;
  @ApiProperty()
  hash!: string;
  @ApiProperty()
  prevHash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];
  @ApiProperty()
  total!: number;
  @ApiProperty()
  limit!: number;
  @ApiProperty()
  offset!: number;
}

export class ChainVerificationDto {
  @ApiProperty({ description: 'True when every row matches its hash and links to the row before it' })
  intact!: boolean;
  @ApiProperty()
  checked!: number;
  @ApiPropertyOptional({ nullable: true, type: String })
  firstBrokenId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  reason!: string | null;
}
