import { IdentityModule } from '../identity/identity.module';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../identity/access/access.module';
import { MisplacedProofsController } from './misplaced-proofs.controller';
import { MisplacedProofsService } from './misplaced-proofs.service';
import { FileProofsController, ProofLinksController, ProofsController } from './proofs.controller';
import { ProofsRepository } from './proofs.repository';
import { ProofsService } from './proofs.service';
import { ProofStorageMaintenance } from './proof-storage-maintenance.service';
import { PROOF_STORAGE } from './storage/proof-storage';
import { proofStorageProvider } from './storage/proof-storage.provider';

@Module({
  imports: [AccessModule, AuditModule, IdentityModule],
  controllers: [FileProofsController, ProofsController, ProofLinksController, MisplacedProofsController],
  providers: [ProofsService, ProofsRepository, MisplacedProofsService, ProofStorageMaintenance, proofStorageProvider],
  exports: [ProofsService, MisplacedProofsService, PROOF_STORAGE],
})
export class ProofsModule {}
