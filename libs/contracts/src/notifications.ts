import type { NotificationKind } from '@app/domain';

/** One of the signed-in user's notifications (GET /notifications, POST /notifications/:id/read). */
export interface NotificationView<I = string> {
  id: string;
  kind: NotificationKind;
  ticketId: string;
  /** The ticket's reference ("ZHM-2026-000123"); null once the ticket is gone. */
  ticketReference: string | null;
  /** What caused it: `assigned:<event id>`, or an SLA step such as `first_response.breach`. */
  step: string;
  createdAt: I;
  readAt: I | null;
}
