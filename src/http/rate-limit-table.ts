/**
 * The limits as configured in wrangler.toml's `[[ratelimits]]` (test/node/rate-limits.test.ts
 * keeps the two equal): the binding cannot be asked for its own limit and period, and the
 * `RateLimit-Policy` header needs them. No imports, so vitest.config.ts can read it too.
 */
export const RATE_LIMITS = {
  LOGIN_IP_LIMITER: { policy: 'login-ip', limit: 30, period: 60 },
  LOGIN_EMAIL_IP_LIMITER: { policy: 'login-email-ip', limit: 10, period: 60 },
  REGISTER_IP_LIMITER: { policy: 'register-ip', limit: 10, period: 60 },
  MESSAGE_USER_LIMITER: { policy: 'message-user', limit: 30, period: 10 },
  TENANT_CREATE_USER_LIMITER: { policy: 'tenant-create-user', limit: 10, period: 60 },
  CHANNEL_CREATE_USER_LIMITER: { policy: 'channel-create-user', limit: 60, period: 60 },
  REFRESH_TOKEN_LIMITER: { policy: 'refresh-token', limit: 30, period: 60 },
  REFRESH_IP_LIMITER: { policy: 'refresh-ip', limit: 60, period: 60 },
  PROFILE_UPDATE_USER_LIMITER: { policy: 'profile-update-user', limit: 10, period: 60 },
  PASSWORD_CHANGE_USER_LIMITER: { policy: 'password-change-user', limit: 5, period: 60 },
  CHANNEL_UPDATE_USER_LIMITER: { policy: 'channel-update-user', limit: 60, period: 60 },
  INVITATION_CREATE_USER_LIMITER: { policy: 'invitation-create-user', limit: 30, period: 60 },
  HEALTH_FRESH_LIMITER: { policy: 'health-fresh', limit: 6, period: 60 },
  REPORT_USER_LIMITER: { policy: 'report-user', limit: 20, period: 60 },
  MODERATION_USER_LIMITER: { policy: 'moderation-user', limit: 120, period: 60 },
  DATA_EXPORT_USER_LIMITER: { policy: 'data-export-user', limit: 5, period: 60 },
  TENANT_DELETE_USER_LIMITER: { policy: 'tenant-delete-user', limit: 10, period: 60 },
  VERIFY_RESEND_USER_LIMITER: { policy: 'verify-resend-user', limit: 3, period: 60 },
  PASSWORD_FORGOT_IP_LIMITER: { policy: 'password-forgot-ip', limit: 10, period: 60 },
  PASSWORD_FORGOT_EMAIL_LIMITER: { policy: 'password-forgot-email', limit: 3, period: 60 },
  EMAIL_CHANGE_USER_LIMITER: { policy: 'email-change-user', limit: 5, period: 60 },
  ACCOUNT_TOKEN_IP_LIMITER: { policy: 'account-token-ip', limit: 30, period: 60 },
} as const satisfies Record<string, { policy: string; limit: number; period: 10 | 60 }>;
