export const CHANNELS = ['facebook', 'instagram', 'telegram', 'vk', 'open311', 'manual'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const LANGUAGES = ['kk', 'ru', 'mixed', 'other'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SLA_STATES = ['ok', 'warning', 'breached', 'paused', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export const REPLY_VISIBILITIES = ['public', 'internal'] as const;
export type ReplyVisibility = (typeof REPLY_VISIBILITIES)[number];
