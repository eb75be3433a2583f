import { CapitalEvent } from '../capital/capital-event.entity';
import { DistributionPolicy } from '../policies/policy.entity';
import { ProjectVillage } from '../projects/project-village.entity';
import { Project } from '../projects/project.entity';
import { YearResult } from '../results/year-result.entity';
import { Township } from '../townships/township.entity';
import { Village } from '../villages/village.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { User } from '../users/user.entity';

export const entities = [Township, Village, Project, ProjectVillage, CapitalEvent, YearResult, DistributionPolicy, User, AuditEntry];
