import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A project's year: its result (revenue, costs) and its output. */
@Entity('year_result')
export class YearResult {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId: string;
  @Column({ type: 'int' }) year: number;
  @Column({ type: 'numeric', precision: 15, scale: 2 }) revenue: string;
  @Column({ type: 'numeric', precision: 15, scale: 2 }) costs: string;
  /** 菌棒 */
  @Column({ name: 'mushroom_logs', type: 'bigint', nullable: true }) mushroomLogs: string | null;
  @Column({ name: 'fresh_kg', type: 'numeric', precision: 15, scale: 3, nullable: true }) freshKg: string | null;
  @Column({ name: 'dried_kg', type: 'numeric', precision: 15, scale: 3, nullable: true }) driedKg: string | null;
  @Column({ type: 'int', nullable: true }) jobs: number | null;
  @Column({ name: 'wages_paid', type: 'numeric', precision: 15, scale: 2, nullable: true }) wagesPaid: string | null;
  @Column({ type: 'varchar', nullable: true }) memo: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
