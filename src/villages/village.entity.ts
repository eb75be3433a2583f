import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Township } from '../townships/township.entity';

/** 村集体经济组织: a village's collective economic organisation. */
@Entity('village')
export class Village {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() code: string;
  @Column() name: string;
  @Column({ name: 'township_id', type: 'uuid', nullable: true }) townshipId: string | null;
  @ManyToOne(() => Township, { nullable: true }) @JoinColumn({ name: 'township_id' }) township?: Township | null;
  /** 统一社会信用代码 */
  @Column({ name: 'credit_code', type: 'char', length: 18, nullable: true }) creditCode: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
