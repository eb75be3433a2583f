import { Module } from '@nestjs/common';
import { PoliciesModule } from '../policies/policies.module';
import { DeficitReader } from './deficit-reader';
import { PreviewController } from './preview.controller';
import { ScenarioBuilder } from './scenario-builder';

@Module({
  imports: [PoliciesModule],
  controllers: [PreviewController],
  providers: [ScenarioBuilder, DeficitReader],
  exports: [ScenarioBuilder, DeficitReader],
})
export class DistributionsModule {}
