import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../access/roles';

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() login: string;
  @Column({ name: 'display_name' }) displayName: string;
  @Column({ type: 'varchar' }) role: Role;
  @Column({ name: 'village_id', type: 'uuid', nullable: true }) villageId: string | null;
  @Column() enabled: boolean;
  @Column({ name: 'password_hash', select: false }) passwordHash: string;
  @Column({ name: 'must_change_password' }) mustChangePassword: boolean;
  /** Bumped when the password changes or is reset: tokens issued before stop working. */
  @Column({ name: 'token_version', type: 'int' }) tokenVersion: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
