import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A village taking part in a project. */
@Entity('project_village')
export class ProjectVillage {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' }) projectId: string;
  @PrimaryColumn({ name: 'village_id', type: 'uuid' }) villageId: string;
  @Column({ name: 'joined_on', type: 'date', nullable: true }) joinedOn: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
