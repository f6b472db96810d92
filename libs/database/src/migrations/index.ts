import { InitialSchema1764050000000 } from './1764050000000-initial-schema.js';
import { SlaEngine1764060000000 } from './1764060000000-sla-engine.js';
import { Intake1764070000000 } from './1764070000000-intake.js';
import { ClusterTitleIndex1764080000000 } from './1764080000000-cluster-title-index.js';
import { Reports1764090000000 } from './1764090000000-reports.js';
import { UserLocale1764100000000 } from './1764100000000-user-locale.js';
import { ReportSpeed1764110000000 } from './1764110000000-report-speed.js';
import { SilentPagesIndex1764120000000 } from './1764120000000-silent-pages-index.js';
import { JobOutbox1764130000000 } from './1764130000000-job-outbox.js';
import { InboxFailedState1764140000000 } from './1764140000000-inbox-failed-state.js';
import { PageCredentials1764150000000 } from './1764150000000-page-credentials.js';
import { UserSessions1764160000000 } from './1764160000000-user-sessions.js';
import { RoutingModels1764170000000 } from './1764170000000-routing-models.js';
import { NationalCalendar1764180000000 } from './1764180000000-national-calendar.js';
import { SavedReplies1764190000000 } from './1764190000000-SavedReplies.js';
import { ResidentVerdict1764200000000 } from './1764200000000-resident-verdict.js';
import { RetentionPurge1764210000000 } from './1764210000000-retention-purge.js';
import { ConsoleReadPaths1764250000000 } from './1764250000000-console-read-paths.js';
import { ReportCells1764260000000 } from './1764260000000-report-cells.js';
import { OverdueIndexOnly1764270000000 } from './1764270000000-overdue-index-only.js';
import { ReportCellVersions1764280000000 } from './1764280000000-report-cell-versions.js';
import { ClusterTitleMatch1764290000000 } from './1764290000000-cluster-title-match.js';

/** Applied in this order; add new migrations at the end. */
export const MIGRATIONS = [
  InitialSchema1764050000000,
  SlaEngine1764060000000,
  Intake1764070000000,
  ClusterTitleIndex1764080000000,
  Reports1764090000000,
  UserLocale1764100000000,
  ReportSpeed1764110000000,
  SilentPagesIndex1764120000000,
  JobOutbox1764130000000,
  InboxFailedState1764140000000,
  PageCredentials1764150000000,
  UserSessions1764160000000,
  RoutingModels1764170000000,
  NationalCalendar1764180000000,
  SavedReplies1764190000000,
  ResidentVerdict1764200000000,
  RetentionPurge1764210000000,
  ConsoleReadPaths1764250000000,
  ReportCells1764260000000,
  OverdueIndexOnly1764270000000,
  ReportCellVersions1764280000000,
  ClusterTitleMatch1764290000000,
];
