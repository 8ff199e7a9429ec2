import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The committee's dashboard page (static; it reads the query API like any client). */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
