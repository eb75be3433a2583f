import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A park, or one phase of it (首期, 二期), with its own books. */
@Entity('project')
export class Project {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() code: string;
  @Column() name: string;
  @Column({ name: 'park_name', type: 'varchar', nullable: true }) parkName: string | null;
  @Column({ type: 'varchar', nullable: true }) phase: string | null;
  @Column({ name: 'township_id', type: 'uuid', nullable: true }) townshipId: string | null;
  @Column({ name: 'host_village_id', type: 'uuid', nullable: true }) hostVillageId: string | null;
  @Column({ name: 'operator_name', type: 'varchar', nullable: true }) operatorName: string | null;
  @Column({ name: 'start_date', type: 'date', nullable: true }) startDate: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
