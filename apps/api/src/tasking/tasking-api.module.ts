import { Module } from '@nestjs/common';
import { TaskingModule } from '@dondoc/tasking';
import { AgenciesController } from './agencies.controller';
import { PlansController } from './plans.controller';
import { TasksController } from './tasks.controller';

/** Agencies, plans and tasks over HTTP. */
@Module({
  imports: [TaskingModule],
  controllers: [AgenciesController, PlansController, TasksController],
})
export class TaskingApiModule {}
