/**
 * The API's routes as types: for each path and method, the request's inputs and the responses by
 * status. Generated from the route declarations by `npm run client:types`; do not edit.
 */
import type { JSONValue } from 'hono/utils/types';

export type ApiSchema = {
  "/webhooks/stream": {
    $post: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {};
      output: {
        received: true;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/webhooks/stream/before-send": {
    $post: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {};
      output: {
        message: {
          [key: string]: JSONValue;
        } & {
          type?: string;
          text?: string;
        };
      };
      outputFormat: "json";
      status: 200;
    };
  };
} & {
  "/stream/token": {
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        token: string;
        api_key: string;
        user_id: string;
        expires_at: string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
} & {
  "/audit": {
    $get: {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          action?: "tenant.created" | "member.role_changed" | "member.removed" | "member.left" | "member.account_deleted" | "invitation.sent" | "invitation.withdrawn" | "invitation.accepted" | "channel.created" | "channel.updated" | "channel.archived" | "channel.members_added" | "report.resolved" | "ban.created" | "ban.lifted" | "message.deleted" | "word_filter.updated";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          action?: "tenant.created" | "member.role_changed" | "member.removed" | "member.left" | "member.account_deleted" | "invitation.sent" | "invitation.withdrawn" | "invitation.accepted" | "channel.created" | "channel.updated" | "channel.archived" | "channel.members_added" | "report.resolved" | "ban.created" | "ban.lifted" | "message.deleted" | "word_filter.updated";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          action?: "tenant.created" | "member.role_changed" | "member.removed" | "member.left" | "member.account_deleted" | "invitation.sent" | "invitation.withdrawn" | "invitation.accepted" | "channel.created" | "channel.updated" | "channel.archived" | "channel.members_added" | "report.resolved" | "ban.created" | "ban.lifted" | "message.deleted" | "word_filter.updated";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          action?: "tenant.created" | "member.role_changed" | "member.removed" | "member.left" | "member.account_deleted" | "invitation.sent" | "invitation.withdrawn" | "invitation.accepted" | "channel.created" | "channel.updated" | "channel.archived" | "channel.members_added" | "report.resolved" | "ban.created" | "ban.lifted" | "message.deleted" | "word_filter.updated";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          action?: "tenant.created" | "member.role_changed" | "member.removed" | "member.left" | "member.account_deleted" | "invitation.sent" | "invitation.withdrawn" | "invitation.accepted" | "channel.created" | "channel.updated" | "channel.archived" | "channel.members_added" | "report.resolved" | "ban.created" | "ban.lifted" | "message.deleted" | "word_filter.updated";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          action?: "tenant.created" | "member.role_changed" | "member.removed" | "member.left" | "member.account_deleted" | "invitation.sent" | "invitation.withdrawn" | "invitation.accepted" | "channel.created" | "channel.updated" | "channel.archived" | "channel.members_added" | "report.resolved" | "ban.created" | "ban.lifted" | "message.deleted" | "word_filter.updated";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          action?: "tenant.created" | "member.role_changed" | "member.removed" | "member.left" | "member.account_deleted" | "invitation.sent" | "invitation.withdrawn" | "invitation.accepted" | "channel.created" | "channel.updated" | "channel.archived" | "channel.members_added" | "report.resolved" | "ban.created" | "ban.lifted" | "message.deleted" | "word_filter.updated";
        };
      };
      output: {
        entries: {
          id: string;
          action: "tenant.created" | "member.role_changed" | "member.removed" | "member.left" | "member.account_deleted" | "invitation.sent" | "invitation.withdrawn" | "invitation.accepted" | "channel.created" | "channel.updated" | "channel.archived" | "channel.members_added" | "report.resolved" | "ban.created" | "ban.lifted" | "message.deleted" | "word_filter.updated";
          actor_id: null | string;
          target_type: string;
          target_id: string;
          details: {
            [key: string]: JSONValue;
          };
          request_id: null | string;
          created_at: string;
        }[];
        next_cursor: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
} & {
  "/reports": {
    $post: {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        json: {
          reason: string;
          message_id?: string;
          user_id?: string;
          details?: string;
        };
      };
      output: {
        report: {
          id: string;
          status: "open" | "resolved";
          source: "api" | "stream_flag";
          reason: string;
          details: string;
          message: null | {
            id: string;
            stream_id: null | string;
            text: null | string;
          };
          user: null | {
            id: string;
            name: null | string;
          };
          reporter: null | {
            id: string;
            name: null | string;
          };
          created_at: string;
          resolved_at: null | string;
          resolved_by: null | string;
          resolution: null | "dismiss" | "delete_message" | "ban_user";
        };
      };
      outputFormat: "json";
      status: 201;
    };
  };
  "/moderation/reports": {
    $get: {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          status?: "open" | "resolved";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          status?: "open" | "resolved";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          status?: "open" | "resolved";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          status?: "open" | "resolved";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          status?: "open" | "resolved";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          status?: "open" | "resolved";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
          status?: "open" | "resolved";
        };
      };
      output: {
        reports: {
          id: string;
          status: "open" | "resolved";
          source: "api" | "stream_flag";
          reason: string;
          details: string;
          message: null | {
            id: string;
            stream_id: null | string;
            text: null | string;
          };
          user: null | {
            id: string;
            name: null | string;
          };
          reporter: null | {
            id: string;
            name: null | string;
          };
          created_at: string;
          resolved_at: null | string;
          resolved_by: null | string;
          resolution: null | "dismiss" | "delete_message" | "ban_user";
        }[];
        next_cursor: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/moderation/reports/:id/resolve": {
    $post: {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          action: "dismiss" | "delete_message" | "ban_user";
          ban_minutes?: number;
        };
      };
      output: {
        report: {
          id: string;
          status: "open" | "resolved";
          source: "api" | "stream_flag";
          reason: string;
          details: string;
          message: null | {
            id: string;
            stream_id: null | string;
            text: null | string;
          };
          user: null | {
            id: string;
            name: null | string;
          };
          reporter: null | {
            id: string;
            name: null | string;
          };
          created_at: string;
          resolved_at: null | string;
          resolved_by: null | string;
          resolution: null | "dismiss" | "delete_message" | "ban_user";
        };
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/moderation/bans": {
    $post: {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        json: {
          user_id: string;
          channel_stream_id?: string;
          minutes?: number;
          reason?: string;
        };
      };
      output: {
        ban: {
          user_id: string;
          user_name: string;
          channel_stream_id: null | string;
          reason: string;
          created_by: null | string;
          created_at: string;
          expires_at: null | string;
        };
      };
      outputFormat: "json";
      status: 201;
    };
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {};
      output: {
        bans: {
          user_id: string;
          user_name: string;
          channel_stream_id: null | string;
          reason: string;
          created_by: null | string;
          created_at: string;
          expires_at: null | string;
        }[];
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/moderation/bans/:user_id": {
    $delete: {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          user_id: string;
        };
      } & {
        query: {
          channel_stream_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    };
  };
  "/moderation/blocklist": {
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {};
      output: {
        words: string[];
        updated_at: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
    $put: {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          words: string[];
        };
      };
      output: {
        words: string[];
        updated_at: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
} & {
  "/messages": {
    $post: {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 422;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        message: {
          id: string;
          stream_id: string;
          text: string;
          type: string;
          user_id: string;
          created_at: string;
          updated_at: string;
          user_name?: string;
        };
      };
      outputFormat: "json";
      status: 200;
    } | {
      input: {
        header: {
          "idempotency-key"?: string;
        };
      } & {
        json: {
          stream_id: string;
          text: string;
        };
      };
      output: {
        message: {
          id: string;
          stream_id: string;
          text: string;
          type: string;
          user_id: string;
          created_at: string;
          updated_at: string;
          user_name?: string;
        };
      };
      outputFormat: "json";
      status: 201;
    };
  };
  "/messages/:stream_id": {
    $get: {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        query: {
          limit?: unknown;
          before?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        query: {
          limit?: unknown;
          before?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        query: {
          limit?: unknown;
          before?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        query: {
          limit?: unknown;
          before?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        query: {
          limit?: unknown;
          before?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        query: {
          limit?: unknown;
          before?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        query: {
          limit?: unknown;
          before?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        query: {
          limit?: unknown;
          before?: string;
        };
      };
      output: {
        messages: {
          id: string;
          stream_id: string;
          text: string;
          type: string;
          user_id: string;
          created_at: string;
          updated_at: string;
          user_name?: string;
        }[];
        next_before: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/messages/:message_id": {
    $delete: {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          message_id: string;
        };
      } & {
        query: {
          hard?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    };
  };
} & {
  "/channels": {
    $post: {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          name: string;
          description?: string;
        };
      };
      output: {
        id: string;
        stream_id: string;
        name: string;
        description: string;
        tenant_id: string;
        created_by: null | string;
        created_at: string;
        archived_at: null | string;
      };
      outputFormat: "json";
      status: 201;
    };
    $get: {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        query: {
          limit?: unknown;
          cursor?: string;
        };
      };
      output: {
        channels: {
          id: string;
          stream_id: string;
          name: string;
          description: string;
          tenant_id: string;
          created_by: null | string;
          created_at: string;
          archived_at: null | string;
        }[];
        next_cursor: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/channels/:stream_id": {
    $get: {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        id: string;
        stream_id: string;
        name: string;
        description: string;
        tenant_id: string;
        created_by: null | string;
        created_at: string;
        archived_at: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
    $patch: {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          name?: string;
          description?: string;
        };
      };
      output: {
        id: string;
        stream_id: string;
        name: string;
        description: string;
        tenant_id: string;
        created_by: null | string;
        created_at: string;
        archived_at: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
    $delete: {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      };
      output: {
        id: string;
        stream_id: string;
        name: string;
        description: string;
        tenant_id: string;
        created_by: null | string;
        created_at: string;
        archived_at: null | string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/channels/:stream_id/members": {
    $post: {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          stream_id: string;
        };
      } & {
        json: {
          user_ids: string[];
        };
      };
      output: {
        stream_id: string;
        added: string[];
      };
      outputFormat: "json";
      status: 200;
    };
  };
} & {
  "/tenants/:id/invitations": {
    $post: {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          email: string;
          role?: "admin" | "moderator" | "member";
        };
      };
      output: {
        invitation: {
          id: string;
          tenant_id: string;
          email: string;
          role: "admin" | "moderator" | "member";
          status: "accepted" | "pending" | "declined" | "revoked" | "expired";
          created_at: string;
          expires_at: string;
        };
      };
      outputFormat: "json";
      status: 201;
    };
    $get: {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        invitations: {
          id: string;
          tenant_id: string;
          email: string;
          role: "admin" | "moderator" | "member";
          status: "accepted" | "pending" | "declined" | "revoked" | "expired";
          created_at: string;
          expires_at: string;
        }[];
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/tenants/:id/invitations/:inv_id": {
    $delete: {
      input: {
        param: {
          id: string;
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
          inv_id: string;
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {
        param: {
          id: string;
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          id: string;
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    };
  };
  "/me/invitations": {
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        invitations: {
          id: string;
          tenant: {
            id: string;
            name: string;
          };
          role: "admin" | "moderator" | "member";
          invited_by: {
            name: string;
          };
          created_at: string;
          expires_at: string;
        }[];
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/invitations/:inv_id/accept": {
    $post: {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 410;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        tenant: {
          id: string;
          name: string;
        };
        role: "admin" | "moderator" | "member";
        token: string;
        expires_at: string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/invitations/:inv_id/decline": {
    $post: {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 410;
    } | {
      input: {
        param: {
          inv_id: string;
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    };
  };
} & {
  "/tenants": {
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        tenants: {
          id: string;
          name: string;
          created_at: string;
          role: "admin" | "moderator" | "member";
        }[];
      };
      outputFormat: "json";
      status: 200;
    };
    $post: {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        tenant: {
          id: string;
          name: string;
          created_at: string;
        };
        role: "admin";
        token: string;
      };
      outputFormat: "json";
      status: 201;
    };
  };
  "/tenants/:id/token": {
    $post: {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        token: string;
        expires_at: string;
        tenant: {
          id: string;
          name: string;
        };
        role: "admin" | "moderator" | "member";
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/tenants/:id/members": {
    $get: {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        members: {
          user_id: string;
          email: string;
          name: string;
          role: "admin" | "moderator" | "member";
          joined_at: string;
        }[];
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/tenants/:id/members/:user_id": {
    $patch: {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      } & {
        json: {
          role: "admin" | "moderator" | "member";
        };
      };
      output: {
        member: {
          user_id: string;
          email: string;
          name: string;
          role: "admin" | "moderator" | "member";
          joined_at: string;
        };
      };
      outputFormat: "json";
      status: 200;
    };
    $delete: {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          id: string;
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    };
  };
  "/tenants/:id": {
    $delete: {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        param: {
          id: string;
        };
      } & {
        json: {
          confirm_name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    };
  };
} & {
  "/me": {
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {};
      output: {
        user: {
          id: string;
          email: string;
          name: string;
        };
        email_verified: boolean;
        created_at: string;
        tenants: {
          id: string;
          name: string;
          role: "admin" | "moderator" | "member";
        }[];
      };
      outputFormat: "json";
      status: 200;
    };
    $patch: {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        json: {
          name: string;
        };
      };
      output: {
        user: {
          id: string;
          email: string;
          name: string;
        };
      };
      outputFormat: "json";
      status: 200;
    };
    $delete: {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    };
  };
  "/me/password": {
    $post: {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        json: {
          current_password: string;
          new_password: string;
        };
      };
      output: {
        token: string;
        expires_at: string;
        refresh_token: string;
        refresh_expires_at: string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/me/export": {
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {};
      output: {
        exported_at: string;
        user: {
          id: string;
          email: string;
          name: string;
          created_at: string;
        };
        tenants: {
          id: string;
          name: string;
          role: "admin" | "moderator" | "member";
          joined_at: string;
        }[];
        sessions: {
          id: string;
          device_label: string;
          user_agent: string;
          created_at: string;
          last_used_at: string;
          expires_at: string;
          revoked_at: null | string;
          revoked_reason: null | string;
        }[];
        invitations: {
          sent: {
            id: string;
            tenant_id: string;
            role: "admin" | "moderator" | "member";
            status: string;
            created_at: string;
            expires_at: string;
            answered_at: null | string;
            email?: string;
          }[];
          received: {
            id: string;
            tenant_id: string;
            role: "admin" | "moderator" | "member";
            status: string;
            created_at: string;
            expires_at: string;
            answered_at: null | string;
            email?: string;
          }[];
        };
        messages: {
          id: string;
          stream_id: string;
          text: string;
          type: string;
          user_id: string;
          created_at: string;
          updated_at: string;
        }[];
        messages_truncated: boolean;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/me/email": {
    $post: {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        json: {
          new_email: string;
          password: string;
        };
      };
      output: {
        pending_email: string;
      };
      outputFormat: "json";
      status: 202;
    };
  };
  "/me/sessions": {
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        sessions: {
          id: string;
          device_label: string;
          user_agent: string;
          created_at: string;
          last_used_at: string;
          expires_at: string;
          current: boolean;
        }[];
      };
      outputFormat: "json";
      status: 200;
    };
    $delete: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {};
      outputFormat: string;
      status: 204;
    };
  };
  "/me/sessions/:id": {
    $delete: {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    };
  };
  "/me/blocks": {
    $post: {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {
        json: {
          user_id: string;
        };
      };
      output: {
        block: {
          user_id: string;
          user_name: string;
          created_at: string;
        };
      };
      outputFormat: "json";
      status: 201;
    };
    $get: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        blocks: {
          user_id: string;
          user_name: string;
          created_at: string;
        }[];
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/me/blocks/:user_id": {
    $delete: {
      input: {
        param: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        param: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        param: {
          user_id: string;
        };
      };
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {
        param: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        param: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        param: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        param: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        param: {
          user_id: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    };
  };
} & {
  "/auth/register": {
    $post: {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          name: string;
          device_label?: string;
        };
      };
      output: {
        token: string;
        expires_at: string;
        refresh_token: string;
        refresh_expires_at: string;
        device_token: string;
        user: {
          id: string;
          email: string;
          name: string;
        };
      };
      outputFormat: "json";
      status: 201;
    };
  };
  "/auth/login": {
    $post: {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          email: string;
          password: string;
          tenant_id?: string;
          device_label?: string;
          device_token?: string;
        };
      };
      output: {
        token: string;
        expires_at: string;
        refresh_token: string;
        refresh_expires_at: string;
        user: {
          id: string;
          email: string;
          name: string;
        };
        device_token: string;
        tenant?: {
          id: string;
          name: string;
        };
        role?: "admin" | "moderator" | "member";
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/auth/refresh": {
    $post: {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 403;
    } | {
      input: {
        json: {
          refresh_token: string;
          tenant_id?: string;
        };
      };
      output: {
        token: string;
        expires_at: string;
        refresh_token: string;
        refresh_expires_at: string;
        user: {
          id: string;
          email: string;
          name: string;
        };
        tenant?: {
          id: string;
          name: string;
        };
        role?: "admin" | "moderator" | "member";
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/auth/logout": {
    $post: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {};
      output: {};
      outputFormat: string;
      status: 204;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    };
  };
  "/auth/verify-email": {
    $post: {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          token: string;
        };
      };
      output: {
        user: {
          id: string;
          email: string;
          name: string;
        };
        email_verified: true;
      };
      outputFormat: "json";
      status: 200;
    };
  };
  "/auth/verify-email/resend": {
    $post: {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 401;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 409;
    } | {
      input: {};
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 404;
    } | {
      input: {};
      output: {
        email: string;
      };
      outputFormat: "json";
      status: 202;
    };
  };
  "/auth/password/forgot": {
    $post: {
      input: {
        json: {
          email: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          email: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          email: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          email: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          email: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          email: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          email: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          email: string;
        };
      };
      output: {
        status: "accepted";
        message: string;
      };
      outputFormat: "json";
      status: 202;
    };
  };
  "/auth/password/reset": {
    $post: {
      input: {
        json: {
          token: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        json: {
          token: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        json: {
          token: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 413;
    } | {
      input: {
        json: {
          token: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 415;
    } | {
      input: {
        json: {
          token: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 502;
    } | {
      input: {
        json: {
          token: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        json: {
          token: string;
          new_password: string;
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 504;
    } | {
      input: {
        json: {
          token: string;
          new_password: string;
        };
      };
      output: {
        token: string;
        expires_at: string;
        refresh_token: string;
        refresh_expires_at: string;
        user: {
          id: string;
          email: string;
          name: string;
        };
        device_token: string;
        tenant?: {
          id: string;
          name: string;
        };
        role?: "admin" | "moderator" | "member";
      };
      outputFormat: "json";
      status: 200;
    };
  };
} & {
  "/health": {
    $get: {
      input: {
        query: {
          fresh?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 400;
    } | {
      input: {
        query: {
          fresh?: "true" | "false";
        };
      };
      output: {
        error: string;
        code: string;
        request_id: string;
        details?: {
          field: string;
          message: string;
        }[];
      };
      outputFormat: "json";
      status: 429;
    } | {
      input: {
        query: {
          fresh?: "true" | "false";
        };
      };
      output: {
        status: "ok" | "degraded";
        database: {
          ok: boolean;
          latency_ms: number;
          error?: string;
        };
        stream: {
          ok: boolean;
          latency_ms: number;
          error?: string;
          setup?: {
            current: boolean;
            differences: string[];
          };
        };
        checked_at: string;
      };
      outputFormat: "json";
      status: 503;
    } | {
      input: {
        query: {
          fresh?: "true" | "false";
        };
      };
      output: {
        status: "ok" | "degraded";
        database: {
          ok: boolean;
          latency_ms: number;
          error?: string;
        };
        stream: {
          ok: boolean;
          latency_ms: number;
          error?: string;
          setup?: {
            current: boolean;
            differences: string[];
          };
        };
        checked_at: string;
      };
      outputFormat: "json";
      status: 200;
    };
  };
};
