/** A way to reach a person outside the app, with what it needs to send; the in-app notification itself needs none. */
export interface NotificationTransportSetting {
  kind: 'email';
  smtpUrl: string;
  from: string;
}

/**
 * The transports that carry every notification beyond the app: e-mail once an SMTP server is
 * configured. With none, a notification stays in the app and no delivery job is asked for it.
 */
export function notificationTransports(settings: { SMTP_URL?: string; SMTP_FROM: string }): NotificationTransportSetting[] {
  return settings.SMTP_URL ? [{ kind: 'email', smtpUrl: settings.SMTP_URL, from: settings.SMTP_FROM }] : [];
}
