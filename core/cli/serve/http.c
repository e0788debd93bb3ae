/*
 * http.c - routing, request bodies, responses, the end of a request (see
 * server.h).  libmicrohttpd calls tp__serve_access() once when the headers
 * are in, once per piece of body, and once more with no data when the body
 * is complete; a suspended request is called again after it is resumed.
 */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "progress.h"
#include "server.h"
#include "xalloc.h"

#define NEWSROOM_HEADER "X-Textpipe-Newsroom"
/* A body over the limit is read and dropped up to this many times the
 * limit (so the client gets its 413), then the connection is closed. */
#define DISCARD_FACTOR 4

enum MHD_Result tp__serve_respond(tp__req *r, unsigned status, const char *type, const char *body, size_t len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type ? type : "application/json");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    if (r->s->draining || r->close)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result rc = MHD_queue_response(r->c, status, resp);
    MHD_destroy_response(resp);
    r->status = (int)status;
    r->bytes_out += len;
    return rc;
}

enum MHD_Result tp__serve_error(tp__req *r, unsigned status, const char *code, const char *message,
                                bool has_offset, size_t offset)
{
    tp__buf b = {0};
    tp__buf_printf(&b, "{\"error\":{\"status\":%u,\"code\":", status);
    tp__json_put_lossy(&b, code, strlen(code));
    tp__buf_puts(&b, ",\"message\":");
    tp__json_put_lossy(&b, message, strlen(message));
    if (has_offset)
        tp__buf_printf(&b, ",\"offset\":%zu", offset);
    tp__buf_puts(&b, "}}\n");
    if (!r->error)
        r->error = code;
    enum MHD_Result rc = tp__serve_respond(r, status, NULL, b.data, b.len);
    tp__buf_free(&b);
    return rc;
}

/* ---- GET endpoints -------------------------------------------------------- */

static enum MHD_Result get_readyz(tp__req *r)
{
    tp__gen *g = tp__pool_active(r->s->pool);
    if (r->s->draining)
        return tp__serve_error(r, 503, "draining", "the server is stopping", false, 0);
    if (!g)
        return tp__serve_error(r, 503, "starting", "the pipelines' workers are starting", false, 0);
    char body[160];
    int n = snprintf(body, sizeof body, "{\"status\":\"ready\",\"generation\":%u,\"reloading\":%s}\n", g->id,
                     tp__pool_starting(r->s->pool) ? "true" : "false");
    return tp__serve_respond(r, 200, NULL, body, (size_t)n);
}

static enum MHD_Result get_pipelines(tp__req *r)
{
    tp__gen *g = tp__pool_active(r->s->pool);
    if (!g)
        return tp__serve_error(r, 503, "starting", "the pipelines' workers are starting", false, 0);
    char *text = cJSON_PrintUnformatted(g->info);
    size_t n = strlen(text);
    text[n] = '\0';
    tp__buf b = {0};
    tp__buf_append(&b, text, n);
    tp__buf_putc(&b, '\n');
    free(text);
    enum MHD_Result rc = tp__serve_respond(r, 200, NULL, b.data, b.len);
    tp__buf_free(&b);
    return rc;
}

static enum MHD_Result get_metrics(tp__req *r)
{
    tp__buf b = {0};
    tp__metrics_set(r->s->m, TP__M_IN_FLIGHT, (double)r->s->active, NULL, NULL);
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(r->s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (di)
        tp__metrics_set(r->s->m, TP__M_CONNECTIONS, di->num_connections, NULL, NULL);
    tp__metrics_render(r->s->m, &b);
    enum MHD_Result rc = tp__serve_respond(r, 200, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
    tp__buf_free(&b);
    return rc;
}

/* ---- POST /v1/annotate: what can be refused before the body ------------- */

static enum MHD_Result annotate_headers(tp__req *r)
{
    struct MHD_Connection *c = r->c;
    const char *nr = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "newsroom");
    if (!nr)
        nr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, NEWSROOM_HEADER);
    if (nr && *nr)
        r->newsroom = tp__xstrdup(nr);
    const char *id = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "id");
    if (id)
        r->id = tp__xstrdup(id);
    const char *off = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "offsets");
    if (off && tp__cli_parse_offsets(off, &r->offsets) != 0)
        return tp__serve_error(r, 400, "bad_offsets", "offsets is one of codepoints, bytes, utf16", false, 0);
    r->kind = tp__body_kind_of(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE));
    if (r->kind == TP__BODY_UNSUPPORTED)
        return tp__serve_error(r, 415, "unsupported_type",
                               "the body is application/json, text/plain (UTF-8) or application/x-ndjson", false, 0);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > r->s->o->max_body) {
        char msg[160];
        snprintf(msg, sizeof msg, "the body of %s bytes is larger than the limit (%zu, --max-body)", cl,
                 r->s->o->max_body);
        return tp__serve_error(r, 413, "too_large", msg, false, 0);
    }
    tp__gen *g = tp__pool_active(r->s->pool);
    if (!g)
        return tp__serve_error(r, 503, "starting", "the pipelines' workers are starting", false, 0);
    int k = tp__gen_find(g, r->newsroom);
    if (k < 0) {
        char msg[200];
        if (r->newsroom)
            snprintf(msg, sizeof msg, "no config for newsroom \"%.64s\" (GET /v1/pipelines lists them)", r->newsroom);
        else
            snprintf(msg, sizeof msg, "no default config: name a newsroom (?newsroom=NAME or %s)", NEWSROOM_HEADER);
        return tp__serve_error(r, 404, r->newsroom ? "unknown_newsroom" : "no_newsroom", msg, false, 0);
    }
    snprintf(r->label, sizeof r->label, "%s", g->names[k]);
    return MHD_YES;
}

/* The first call: the route, and refusals that need no body. */
static enum MHD_Result route(tp__req *r, const char *url, const char *method)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool post = strcmp(method, "POST") == 0;
    if (r->s->draining)
        return tp__serve_error(r, 503, "draining", "the server is stopping", false, 0);
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(r->s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (di && di->num_connections > r->s->o->max_connections) {
        char msg[160];
        snprintf(msg, sizeof msg, "%u connections are open, the limit is %u (--max-connections); try again shortly",
                 di->num_connections, r->s->o->max_connections);
        r->close = true;
        return tp__serve_error(r, 503, "too_many_connections", msg, false, 0);
    }
    if (strcmp(url, "/v1/annotate") == 0) {
        if (!post)
            return tp__serve_error(r, 405, "method_not_allowed", "POST a document to /v1/annotate", false, 0);
        r->annotate = true;
        return annotate_headers(r);
    }
    static const char *const gets[] = {"/healthz", "/readyz", "/metrics", "/v1/pipelines"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(url, gets[i]) == 0 && !get)
            return tp__serve_error(r, 405, "method_not_allowed", "this path answers GET", false, 0);
    if (strcmp(url, "/healthz") == 0)
        return tp__serve_respond(r, 200, NULL, "{\"status\":\"ok\"}\n", 16);
    if (strcmp(url, "/readyz") == 0)
        return get_readyz(r);
    if (strcmp(url, "/metrics") == 0)
        return get_metrics(r);
    if (strcmp(url, "/v1/pipelines") == 0)
        return get_pipelines(r);
    return tp__serve_error(r, 404, "not_found",
                           "no such path: POST /v1/annotate; GET /healthz, /readyz, /metrics, /v1/pipelines",
                           false, 0);
}

enum MHD_Result tp__serve_access(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                 const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    tp__server *s = cls;
    tp__req *r = *con_cls;
    if (!r) {
        r = tp__xcalloc(1, sizeof *r);
        r->s = s;
        r->c = c;
        r->t0 = tp__now();
        snprintf(r->label, sizeof r->label, "-");
        r->offsets = TP_OFFSETS_CODEPOINTS;
        snprintf(r->method, sizeof r->method, "%s", method);
        r->path = tp__xstrndup(url, strnlen(url, 256));
        *con_cls = r;
        s->active++;
        return route(r, url, method);
    }
    if (r->status)
        return MHD_YES; /* answered already (early refusal, or resumed with the answer queued) */
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        r->body_bytes += n;
        if (s->o->request_timeout > 0 && tp__now() - r->t0 > s->o->request_timeout)
            return MHD_NO; /* a client this slow holds a connection for nothing: closed */
        if (r->body_bytes > s->o->max_body) {
            r->too_large = true;
            tp__buf_free(&r->body);
            return r->body_bytes / DISCARD_FACTOR > s->o->max_body ? MHD_NO : MHD_YES;
        }
        tp__buf_append(&r->body, upload_data, n);
        return MHD_YES;
    }
    if (r->too_large) {
        char msg[160];
        snprintf(msg, sizeof msg, "the body is larger than the limit (%zu bytes, --max-body)", s->o->max_body);
        return tp__serve_error(r, 413, "too_large", msg, false, 0);
    }
    if (r->annotate && !r->suspended)
        return tp__annotate(r);
    return MHD_YES;
}

void tp__serve_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    tp__server *s = cls;
    tp__req *r = *con_cls;
    if (!r)
        return;
    *con_cls = NULL;
    tp__annotate_end(r);
    double secs = tp__now() - r->t0;
    int status = r->status;
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !r->error)
        r->error = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "client_timeout" : "client_gone";
    char st[16];
    snprintf(st, sizeof st, "%d", status ? status : 499); /* 499: closed before an answer */
    tp__metrics_add(s->m, TP__M_REQUESTS, 1, "newsroom", r->label, "status", st);
    if (r->annotate)
        tp__metrics_observe(s->m, TP__M_REQUEST_SECONDS, secs, "newsroom", r->label, NULL, NULL);
    char remote[64] = "";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, remote, sizeof remote);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, remote, sizeof remote);
    }
    tp__alog_entry e = {remote[0] ? remote : NULL,
                        r->method,
                        r->path,
                        strcmp(r->label, "-") ? r->label : r->newsroom,
                        r->error,
                        status ? status : 499,
                        r->docs,
                        r->body_bytes,
                        r->bytes_out,
                        secs,
                        r->generation};
    /* Health checks and scrapes are not logged: they would drown the rest. */
    if (r->annotate || (status && status != 200))
        tp__alog_write(s->log, &e);
    tp__buf_free(&r->body);
    free(r->newsroom);
    free(r->id);
    free(r->path);
    free(r);
    s->active--;
}
