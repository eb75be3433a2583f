import { Module } from '@nestjs/common';
import { VillagesModule } from '../villages/villages.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users (/api/users) and the app_user table. Sign-in and the guard live in access, which imports this module. */
@Module({
  imports: [VillagesModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService],
  exports: [UsersService, UsersRepository],
})
export class UsersModule {}
