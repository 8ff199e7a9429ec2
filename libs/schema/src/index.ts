import { EventStore1732000000000 } from '@dondoc/event-store/postgres/event-store.migration';
import { ProjectionCheckpoints1733000000000 } from '@dondoc/projections/engine/projection-checkpoints.migration';
import { ProjectionCheckpoint } from '@dondoc/projections/engine/projection-checkpoint.entity';
import { TaskingReadModels1733000000100 } from '@dondoc/projections/read-models/read-models.migration';
import { AgencySuccessions1734200000000 } from '@dondoc/projections/read-models/agency-successions.migration';
import { TaskBoardCalendar1734300000000 } from '@dondoc/projections/read-models/task-board-calendar.migration';
import { ObligationExtensions1734400000000 } from '@dondoc/projections/read-models/obligation-extensions.migration';
import { READ_MODEL_ENTITIES } from '@dondoc/projections/read-models/read-model.entities';
import { Identity1733600000000 } from '@dondoc/identity/infrastructure/identity.migration';
import { IdentityTokenRevocation1734100000000 } from '@dondoc/identity/infrastructure/identity-token-revocation.migration';
import { Audit1733700000000 } from '@dondoc/audit/infrastructure/audit.migration';
import { Evaluation1733900000000 } from '@dondoc/evaluation/infrastructure/evaluation.migration';
import { FollowUp1733800000000 } from '@dondoc/follow-up/infrastructure/follow-up.migration';

/**
 * Every migration and read-model entity of every context, in order. The apps, the CLI and
 * the tests build their DataSource from these lists so that all of them run the same schema.
 */
export const ALL_MIGRATIONS: Function[] = [EventStore1732000000000, ProjectionCheckpoints1733000000000, TaskingReadModels1733000000100, Identity1733600000000, Audit1733700000000, FollowUp1733800000000, Evaluation1733900000000, IdentityTokenRevocation1734100000000, AgencySuccessions1734200000000, TaskBoardCalendar1734300000000, ObligationExtensions1734400000000];

export const ALL_ENTITIES: Function[] = [ProjectionCheckpoint, ...READ_MODEL_ENTITIES];
