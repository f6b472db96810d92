import { notificationTransports } from './notification-transports.js';

describe('notification transports', () => {
  it('carries notifications by e-mail only while an SMTP server is configured', () => {
    expect(notificationTransports({ SMTP_FROM: 'Tynda <noreply@tynda.kz>' })).toEqual([]);
    expect(notificationTransports({ SMTP_URL: '', SMTP_FROM: 'Tynda <noreply@tynda.kz>' })).toEqual([]);
    expect(notificationTransports({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'Tynda <noreply@tynda.kz>' })).toEqual([
      { kind: 'email', smtpUrl: 'smtp://127.0.0.1:2525', from: 'Tynda <noreply@tynda.kz>' },
    ]);
  });
});
