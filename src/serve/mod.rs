//! `agrimatch serve`: the planner's desk, a web app over one scenario. The
//! base plan, what-ifs re-planned from it (warm starts) and the Monday
//! routine, as a page and as a JSON API the page itself uses.
//!
//! axum on tokio (hyper underneath) does HTTP; tower-http caps bodies and
//! the time a client may take to send one. Plans are blocking CPU work: they
//! run on tokio's blocking threads, at most [`Config::plans_at_once`] at a
//! time behind a fair (first come, first served) semaphore, so that
//! requests queue and none starves while the server keeps answering.

pub mod auth;
pub mod desk;
mod page;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Extension, Query, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tokio::sync::{Mutex, Semaphore};

use crate::lang::{scoped, Lang};
use desk::{Base, DeskError, Planner, WeekInput, Workspace};

/// Largest change file a what-if may send (a change file is a few lines).
pub const MAX_CHANGES_BYTES: usize = 1 << 20;
/// Largest Monday upload (counts and actuals of a large scenario together).
pub const MAX_WEEK_BYTES: usize = 16 << 20;
/// The cookie that keeps the language a reader chose with the page's
/// switch (`?lang=en` or `?lang=zh-CN`), for a year.
pub const LANG_COOKIE: &str = "agrimatch_lang";
/// How long a client may take to send a request's body: a client that
/// trickles bytes must not hold a connection for ever. Never applies to
/// planning, which takes what it takes.
const BODY_SECONDS: u64 = 60;

/// Every response's Content-Security-Policy: scripts, styles and frames
/// from this server only, nothing from elsewhere. Styles may be inline:
/// `report.html` carries its own style (a page that also works as a file);
/// scripts never are.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// How the desk is started.
#[derive(Debug, Clone)]
pub struct Config {
    /// The scenario and how to plan it.
    pub planner: Planner,
    /// Where the server listens.
    pub listen: SocketAddr,
    /// The token requests must carry (None: loopback only, no token).
    pub token: Option<String>,
    /// The workspace folder.
    pub workspace: PathBuf,
    /// Plans run at the same time (the rest queue).
    pub plans_at_once: usize,
}

/// The server's state, shared by every request.
struct Desk {
    planner: Planner,
    workspace: Workspace,
    token: Option<String>,
    /// Plans that may run now; fair, so queued requests go in order.
    pool: Arc<Semaphore>,
    /// The base plan, re-planned when the scenario's files change.
    base: Mutex<Option<Arc<Base>>>,
}

/// A JSON error answer.
fn error(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "error": text }))).into_response()
}

/// A JSON error answer with the catalog's text of `key` in `lang`.
fn error_text(status: StatusCode, lang: Lang, key: &str, args: &[(&str, &str)]) -> Response {
    error(status, &lang.text(key, args))
}

impl IntoResponse for DeskError {
    fn into_response(self) -> Response {
        let status = match &self {
            DeskError::Input(_) => StatusCode::BAD_REQUEST,
            DeskError::NoPlan(_) => StatusCode::UNPROCESSABLE_ENTITY,
            DeskError::Failed(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        error(status, self.text())
    }
}

impl Desk {
    /// Runs `work` on the bounded pool; a panic in it is a 500, not the end
    /// of the server.
    /// Its texts (messages, pages, files it writes) are in `lang`.
    async fn on_pool<T: Send + 'static>(
        &self,
        lang: Lang,
        work: impl FnOnce() -> Result<T, DeskError> + Send + 'static,
    ) -> Result<T, DeskError> {
        let _permit = self
            .pool
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| DeskError::Failed(e.to_string()))?;
        tokio::task::spawn_blocking(move || scoped(lang, work))
            .await
            .map_err(|e| DeskError::Failed(lang.text("serve-err-panic", &[("why", &e.to_string())])))?
    }

    /// The base plan of the scenario as its files are now (planned again,
    /// its errors worded in `lang`, when they changed).
    async fn base(&self, lang: Lang) -> Result<Arc<Base>, DeskError> {
        let scenario = self.planner.scenario.clone();
        let stamp = tokio::task::spawn_blocking(move || desk::stamp_of(&scenario))
            .await
            .map_err(|e| DeskError::Failed(e.to_string()))?;
        // Held while re-planning: requests meanwhile wait for the new base.
        let mut kept = self.base.lock().await;
        if let Some(base) = kept.as_ref().filter(|b| b.stamp == stamp) {
            return Ok(base.clone());
        }
        let planner = self.planner.clone();
        let base = Arc::new(self.on_pool(lang, move || planner.plan_base()).await?);
        *kept = Some(base.clone());
        Ok(base)
    }
}

/// Starts the desk and serves until the process is stopped. `ready` is
/// called with the bound address once the server listens (the command
/// prints the link then).
pub fn run(config: Config, ready: impl FnOnce(SocketAddr)) -> crate::Result<()> {
    let workspace = Workspace::claim(&config.workspace, &config.planner.scenario)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| crate::Error::io("tokio runtime", e))?;
    runtime.block_on(async move {
        let desk = Arc::new(Desk {
            planner: config.planner.clone(),
            workspace,
            token: config.token.clone(),
            pool: Arc::new(Semaphore::new(config.plans_at_once.max(1))),
            base: Mutex::new(None),
        });
        // Planned before listening: a scenario that cannot be planned
        // stops the command (exit 2), as `plan` would.
        desk.base(crate::lang::current()).await.map_err(|e| match e {
            DeskError::Input(text) | DeskError::NoPlan(text) | DeskError::Failed(text) => crate::Error::Usage(text),
        })?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| crate::Error::io(config.listen.to_string(), e))?;
        let bound = listener
            .local_addr()
            .map_err(|e| crate::Error::io(config.listen.to_string(), e))?;
        ready(bound);
        axum::serve(listener, router(desk))
            .await
            .map_err(|e| crate::Error::io(bound.to_string(), e))
    })
}

fn router(desk: Arc<Desk>) -> Router {
    use tower_http::limit::RequestBodyLimitLayer;
    let small = || {
        (
            DefaultBodyLimit::max(MAX_CHANGES_BYTES),
            RequestBodyLimitLayer::new(MAX_CHANGES_BYTES),
        )
    };
    Router::new()
        .route("/", get(index))
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", page::APP_JS) }),
        )
        .route(
            "/app.css",
            get(|| async { asset("text/css; charset=utf-8", page::APP_CSS) }),
        )
        .route("/report", get(report))
        // Pages opened on their own (a week's report.html) name no icon: the
        // browser's request gets nothing rather than a 404 in its console.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/api/texts", get(texts))
        .route("/api/plan", get(api_plan))
        .route("/api/whatif", post(api_whatif).layer(small()))
        .route("/api/save", post(api_save).layer(small()))
        .route(
            "/api/week",
            post(api_week).layer((
                DefaultBodyLimit::max(MAX_WEEK_BYTES),
                RequestBodyLimitLayer::new(MAX_WEEK_BYTES),
            )),
        )
        .route("/api/week/file", get(api_week_file))
        .fallback(|Extension(lang): Extension<Lang>| async move {
            error_text(StatusCode::NOT_FOUND, lang, "serve-err-not-found", &[])
        })
        .layer(middleware::from_fn_with_state(desk.clone(), guard))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            std::time::Duration::from_secs(BODY_SECONDS),
        ))
        .with_state(desk)
}

/// Every request: checked (see [`auth`]), answered in its reader's
/// language ([`reader_lang`], passed to the handlers as an extension), and
/// every answer gets the security headers.
async fn guard(State(desk): State<Arc<Desk>>, mut request: Request, next: Next) -> Response {
    let (lang, chosen) = reader_lang(&request);
    request.extensions_mut().insert(lang);
    let mut response = match auth::check(request.method(), request.headers(), desk.token.as_deref()) {
        auth::Verdict::Allowed => next.run(request).await,
        auth::Verdict::Unauthorized if is_token_link(&request, desk.token.as_deref()) => next.run(request).await,
        auth::Verdict::Unauthorized => error_text(StatusCode::UNAUTHORIZED, lang, "serve-err-token", &[]),
        auth::Verdict::Forbidden => error_text(StatusCode::FORBIDDEN, lang, "serve-err-forbidden", &[]),
    };
    let headers = response.headers_mut();
    if chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; SameSite=Strict; Path=/; Max-Age=31536000",
            lang.tag()
        );
        if let Ok(cookie) = HeaderValue::from_str(&cookie) {
            // Appended: the token link's answer sets its own cookie too.
            headers.append(header::SET_COOKIE, cookie);
        }
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The language a request is answered in, and whether the request chose it
/// (then the answer keeps it in [`LANG_COOKIE`]): `?lang=` on the request,
/// else the cookie of an earlier choice, else the server's own language
/// (`--lang`, the scenario's setting, the locale). A tag agrimatch does
/// not speak is passed over, as a missing one.
fn reader_lang(request: &Request) -> (Lang, bool) {
    let asked = request
        .uri()
        .query()
        .into_iter()
        .flat_map(|query| query.split('&'))
        .filter_map(|pair| pair.strip_prefix("lang="))
        .find_map(Lang::from_tag);
    if let Some(lang) = asked {
        return (lang, true);
    }
    let kept = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(LANG_COOKIE)?.strip_prefix('='))
        .find_map(Lang::from_tag);
    (kept.unwrap_or_else(crate::lang::current), false)
}

/// `GET /?token=TOKEN` with the right token: the printed link.
fn is_token_link(request: &Request, token: Option<&str>) -> bool {
    let (Some(token), Some(query)) = (token, request.uri().query()) else {
        return false;
    };
    request.method() == Method::GET
        && request.uri().path() == "/"
        && query
            .split('&')
            .filter_map(|pair| pair.strip_prefix("token="))
            .any(|given| auth::same_token(given.as_bytes(), token.as_bytes()))
}

fn asset(kind: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], text).into_response()
}

/// The page. Opened by the printed link, it sets the token cookie and sends
/// the browser on to `/` (so the token leaves the address bar); the page
/// then carries the token for its own requests' header.
async fn index(State(desk): State<Arc<Desk>>, Extension(lang): Extension<Lang>, request: Request) -> Response {
    if let Some(token) = desk.token.as_deref() {
        if is_token_link(&request, Some(token)) {
            let cookie = format!("{}={token}; HttpOnly; SameSite=Strict; Path=/", auth::COOKIE);
            let mut response = StatusCode::SEE_OTHER.into_response();
            if let Ok(cookie) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
                .headers_mut()
                .insert(header::LOCATION, HeaderValue::from_static("/"));
            return response;
        }
    }
    let base = desk.base(lang).await.ok();
    let name = crate::report::html::scenario_name(&desk.planner.scenario);
    let html = scoped(lang, || page::index(&name, desk.token.as_deref(), base.as_deref()));
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// The base plan's `report.html`, in the reader's language (made on the
/// pool the first time a language asks for it).
async fn report(State(desk): State<Arc<Desk>>, Extension(lang): Extension<Lang>) -> Response {
    let base = match desk.base(lang).await {
        Ok(base) => base,
        Err(e) => return e.into_response(),
    };
    match desk.on_pool(lang, move || Ok(base.page().to_string())).await {
        Ok(page) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The page's texts in the reader's language, for its script.
async fn texts(Extension(lang): Extension<Lang>) -> Response {
    Json(scoped(lang, page::script_texts)).into_response()
}

/// `GET /api/plan`: `{"summary": {...}, "scenario": {...}}`.
async fn api_plan(State(desk): State<Arc<Desk>>, Extension(lang): Extension<Lang>) -> Response {
    match desk.base(lang).await {
        Ok(base) => {
            Json(json!({ "summary": base.summary(), "scenario": page::scenario_ids(&base.instance) })).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /api/whatif`: a change file in, the variant's summary and the
/// base's out (see [`desk::Planner::plan_whatif`]).
async fn api_whatif(State(desk): State<Arc<Desk>>, Extension(lang): Extension<Lang>, body: Bytes) -> Response {
    let base = match desk.base(lang).await {
        Ok(base) => base,
        Err(e) => return e.into_response(),
    };
    let planner = desk.planner.clone();
    match desk.on_pool(lang, move || planner.plan_whatif(&base, &body)).await {
        Ok(answer) => Json(answer).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/save`: a change file, checked as a what-if would read it,
/// saved into the workspace as `whatif-N.csv`.
async fn api_save(State(desk): State<Arc<Desk>>, Extension(lang): Extension<Lang>, body: Bytes) -> Response {
    let base = match desk.base(lang).await {
        Ok(base) => base,
        Err(e) => return e.into_response(),
    };
    let workspace = desk.workspace.clone();
    let saved = desk
        .on_pool(lang, move || {
            base.variant(&body)?;
            Ok(workspace.save_changes(&body)?)
        })
        .await;
    match saved {
        Ok(name) => Json(json!({ "saved": name })).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/week?from=WEEK[&keep=true]` with an optional JSON body of
/// counts and actuals (see [`WeekInput`]).
async fn api_week(
    State(desk): State<Arc<Desk>>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let Some(from) = query.get("from").cloned() else {
        return error_text(StatusCode::BAD_REQUEST, lang, "serve-err-from", &[]);
    };
    let kept = query.get("keep").is_some_and(|k| k == "true" || k == "1");
    let input = if body.iter().all(u8::is_ascii_whitespace) {
        WeekInput::default()
    } else {
        match serde_json::from_slice::<WeekInput>(&body) {
            Ok(input) => input,
            Err(e) => {
                return error_text(
                    StatusCode::BAD_REQUEST,
                    lang,
                    "serve-err-week-body",
                    &[
                        ("line", &e.line().to_string()),
                        ("column", &e.column().to_string()),
                        ("why", &e.to_string()),
                    ],
                )
            }
        }
    };
    let planner = desk.planner.clone();
    let workspace = desk.workspace.clone();
    match desk
        .on_pool(lang, move || desk::plan_week(&planner, &workspace, &from, &input, kept))
        .await
    {
        Ok(answer) => Json(answer).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/week/file?from=WEEK&file=NAME[&keep=true]`: a file of a week
/// folder the desk wrote. The folder is named by the server from the week;
/// the file must be one of [`desk::WEEK_FILES`].
async fn api_week_file(
    State(desk): State<Arc<Desk>>,
    Extension(lang): Extension<Lang>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let file = query.get("file").map(String::as_str).unwrap_or("");
    let Some(&file) = desk::WEEK_FILES.iter().find(|&&f| f == file) else {
        return error_text(
            StatusCode::NOT_FOUND,
            lang,
            "serve-err-file",
            &[("files", &desk::WEEK_FILES.join(", "))],
        );
    };
    let kept = query.get("keep").is_some_and(|k| k == "true" || k == "1");
    let from = query.get("from").cloned().unwrap_or_default();
    let base = match desk.base(lang).await {
        Ok(base) => base,
        Err(e) => return e.into_response(),
    };
    let calendar = base.instance.calendar();
    let Ok(week) = calendar.parse_week(from.trim(), crate::data::read::MAX_WEEK) else {
        return error_text(StatusCode::BAD_REQUEST, lang, "serve-err-from", &[]);
    };
    let name = crate::scenario::week::week_folder_name(&calendar, week);
    let path = desk.workspace.week_folder(&name, kept).join(file);
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(_) => return error_text(StatusCode::NOT_FOUND, lang, "serve-err-not-found", &[]),
    };
    let kind = match file.rsplit('.').next() {
        Some("csv") => "text/csv; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    let download = format!("attachment; filename=\"{name}-{}\"", file.replace('/', "-"));
    let mut response = Response::new(Body::from(bytes));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if file != "report.html" {
        if let Ok(value) = HeaderValue::from_str(&download) {
            response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
        }
    }
    response
}
