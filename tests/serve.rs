//! `agrimatch serve` against the real binary on an ephemeral loopback port:
//! what-ifs equal `plan --changes`, every bad request gets its 4xx, tokens
//! are checked, and after all that the server still answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::Scenario;

/// A running desk, stopped when dropped.
struct Desk {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
    scenario: PathBuf,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Starts `agrimatch serve` on a copy of `scenario` (so that its workspace
/// and edits stay in a temporary folder) and reads the printed address.
fn start(scenario: &Path, extra: &[&str]) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(scenario.file_name().unwrap());
    if scenario.is_dir() {
        copy_folder(scenario, &copy);
    } else {
        std::fs::copy(scenario, &copy).unwrap();
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("agrimatch"))
        .args(["--lang", "en", "serve"])
        .arg(&copy)
        .args(["--listen", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // The link is the first "http://" of the line, whatever the language around it.
    let at = line
        .find("http://")
        .unwrap_or_else(|| panic!("no address printed: {line:?}"));
    let addr = line[at + "http://".len()..].split('/').next().unwrap().to_string();
    Desk {
        child,
        addr,
        _dir: dir,
        scenario: copy,
    }
}

/// One HTTP/1.1 request on its own connection: (status, headers, body).
fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // A server that refuses a body early may close before reading it all.
    let _ = stream.write_all(body);
    read_response(stream)
}

fn read_response(mut stream: TcpStream) -> (u16, String, String) {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, head.to_ascii_lowercase(), body)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn luodian() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/guiyang-luodian")
}

/// The cost `plan --changes FILE --json` gives.
fn plan_changes_cost(scenario: &Path, changes: &Path) -> f64 {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(assert_cmd::cargo::cargo_bin("agrimatch"))
        .arg("plan")
        .arg(scenario)
        .arg("--changes")
        .arg(changes)
        .arg("--json")
        .arg("--out")
        .arg(out.path().join("plan"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    json(&String::from_utf8_lossy(&output.stdout))["objective"]
        .as_f64()
        .unwrap()
}

#[test]
fn every_shipped_change_file_plans_to_the_cost_plan_changes_gives() {
    let desk = start(&luodian(), &[]);
    let (status, _, body) = request(&desk.addr, "GET", "/api/plan", &[], b"");
    assert_eq!(status, 200, "{body}");
    let base = json(&body)["summary"]["objective"].as_f64().unwrap();
    let mut files: Vec<PathBuf> = ["changes", "trucks"]
        .iter()
        .flat_map(|d| std::fs::read_dir(luodian().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let (status, _, body) = request(
            &desk.addr,
            "POST",
            "/api/whatif",
            &[("Content-Type", "text/csv")],
            &bytes,
        );
        assert_eq!(status, 200, "{}: {body}", file.display());
        let answer = json(&body);
        let served = answer["summary"]["objective"].as_f64().unwrap();
        assert_eq!(answer["base"]["objective"].as_f64(), Some(base));
        assert!(answer["stores"].as_array().is_some_and(|s| !s.is_empty()));
        assert!(answer["farms"].as_array().is_some_and(|f| !f.is_empty()));
        let cli = plan_changes_cost(&desk.scenario, file);
        let relative = (served - cli).abs() / cli.abs().max(1.0);
        assert!(
            relative <= 1e-9,
            "{}: served {served}, plan --changes {cli}",
            file.display()
        );
        // A what-if that changes nothing would prove nothing.
        assert!(
            (served - base).abs() > 1e-6,
            "{}: same cost as the base",
            file.display()
        );
    }
}

#[test]
fn bad_requests_get_their_4xx_and_the_server_goes_on() {
    let desk = start(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny"), &[]);
    let addr = desk.addr.as_str();
    // A bad change file: 400 naming line and column.
    let bad = b"target,selector,field,op,value\nsupply,*,quantity_kg,scale,0.5\nsupply,*,quantity_kg,grow,2\n";
    let (status, head, body) = request(addr, "POST", "/api/whatif", &[], bad);
    assert_eq!(status, 400, "{body}");
    assert!(head.contains("content-security-policy: default-src 'self'"), "{head}");
    let error = json(&body)["error"].as_str().unwrap().to_string();
    assert!(error.contains("changes.csv: line 3, column op"), "{error}");
    // Bytes that are no CSV at all.
    let (status, _, body) = request(addr, "POST", "/api/whatif", &[], &[0xff, 0xfe, 0, 1, 2, 3]);
    assert_eq!(status, 400, "{body}");
    assert!(json(&body)["error"].is_string());
    // A body over the cap: refused by its announced length, and when sent.
    let mut stream = TcpStream::connect(addr).unwrap();
    let head = format!("POST /api/whatif HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 50000000\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    assert_eq!(read_response(stream).0, 413);
    let huge = vec![b'a'; 3 << 20];
    assert_eq!(request(addr, "POST", "/api/whatif", &[], &huge).0, 413);
    // Paths in parameters name nothing.
    for path in [
        "/api/week/file?from=1&file=../../../../etc/passwd",
        "/api/week/file?from=1&file=%2Fetc%2Fpasswd",
        "/api/week/file?from=../../etc&file=dispatch.csv",
        "/../../etc/passwd",
        "/app.js/../../Cargo.toml",
    ] {
        let (status, _, body) = request(addr, "GET", path, &[], b"");
        assert!((400..500).contains(&status), "{path}: {status} {body}");
        assert!(!body.contains("root:"), "{path}");
    }
    let (status, _, body) = request(addr, "POST", "/api/week?from=..%2F..%2Fetc", &[], b"");
    assert_eq!(status, 400, "{body}");
    let (status, _, body) = request(addr, "POST", "/api/week?from=1", &[], b"{\"path\": \"/etc/passwd\"}");
    assert_eq!(status, 400, "{body}");
    // Another site's page, and a host name that is not this machine's.
    let (status, _, _) = request(addr, "POST", "/api/whatif", &[("Origin", "http://evil.example")], bad);
    assert_eq!(status, 403);
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /api/plan HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_eq!(read_response(stream).0, 403);
    // Half a request, then the connection closed.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(b"POST /api/whatif HTTP/1.1\r\nContent-Le").unwrap();
    drop(stream);
    // Still answering, with the base plan.
    let (status, head, body) = request(addr, "GET", "/api/plan", &[], b"");
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-security-policy"));
    assert!(json(&body)["summary"]["objective"].is_number());
    let (status, _, body) = request(addr, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(body.contains("<script src=\"/app.js\""), "{body}");
    assert!(!body.contains("<script>"), "no inline script");
}

#[test]
fn with_a_token_every_request_carries_it() {
    let token = "0123456789abcdef-desk";
    let desk = start(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny"),
        &["--token", token],
    );
    let addr = desk.addr.as_str();
    let bearer = format!("Bearer {token}");
    let wrong = format!("Bearer {token}x");
    let cookie = format!("agrimatch_token={token}");
    let changes = b"target,selector,field,op,value\nsupply,*,quantity_kg,scale,0.5\n";
    for path in ["/", "/api/plan", "/app.js", "/report"] {
        let (status, head, _) = request(addr, "GET", path, &[], b"");
        assert_eq!(status, 401, "{path}");
        assert!(head.contains("content-security-policy"), "{path}");
        assert_eq!(
            request(addr, "GET", path, &[("Authorization", &wrong)], b"").0,
            401,
            "{path}"
        );
        assert_eq!(
            request(addr, "GET", path, &[("Authorization", &bearer)], b"").0,
            200,
            "{path}"
        );
        assert_eq!(request(addr, "GET", path, &[("Cookie", &cookie)], b"").0, 200, "{path}");
    }
    // A cookie alone does not change anything (another site's form would send it).
    assert_eq!(
        request(addr, "POST", "/api/whatif", &[("Cookie", &cookie)], changes).0,
        401
    );
    assert_eq!(request(addr, "POST", "/api/whatif", &[], changes).0, 401);
    let (status, _, body) = request(addr, "POST", "/api/whatif", &[("Authorization", &bearer)], changes);
    assert_eq!(status, 200, "{body}");
    // The printed link sets the cookie and leaves the address bar.
    let (status, head, _) = request(addr, "GET", &format!("/?token={token}"), &[], b"");
    assert_eq!(status, 303);
    assert!(
        head.contains(&format!(
            "set-cookie: agrimatch_token={token}; httponly; samesite=strict"
        )),
        "{head}"
    );
    assert_eq!(request(addr, "GET", "/?token=wrong", &[], b"").0, 401);
    // A link that also names a language keeps both.
    let (status, head, _) = request(addr, "GET", &format!("/?token={token}&lang=zh-CN"), &[], b"");
    assert_eq!(status, 303);
    assert!(
        head.contains(&format!("set-cookie: agrimatch_token={token};")),
        "{head}"
    );
    assert!(head.contains("set-cookie: agrimatch_lang=zh-cn;"), "{head}");
    // The page hands its script the token for the header.
    let (_, _, page) = request(addr, "GET", "/", &[("Cookie", &cookie)], b"");
    assert!(page.contains(&format!("<meta name=\"agrimatch-token\" content=\"{token}\">")));
}

#[test]
fn the_base_is_planned_again_when_the_scenario_changes_and_whatifs_are_saved() {
    let desk = start(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny"), &[]);
    let addr = desk.addr.as_str();
    let cost = || {
        json(&request(addr, "GET", "/api/plan", &[], b"").2)["summary"]["objective"]
            .as_f64()
            .unwrap()
    };
    let before = cost();
    // Half the orders: a cheaper plan (less to ship, less shortfall).
    let demand = desk.scenario.join("demand.csv");
    let text = std::fs::read_to_string(&demand).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let quantity = header.split(',').position(|c| c == "quantity_kg").unwrap();
    let mut halved = vec![header.to_string()];
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        let kg: f64 = cells[quantity].parse().unwrap();
        cells[quantity] = format!("{}", kg / 2.0);
        halved.push(cells.join(","));
    }
    std::fs::write(&demand, halved.join("\n") + "\n").unwrap();
    let after = cost();
    assert!((after - before).abs() > 1e-6, "before {before}, after {after}");
    // Saved into the workspace, as a change file the CLI reads.
    let changes = b"target,selector,field,op,value\nsupply,*,quantity_kg,scale,0.5\n";
    let (status, _, body) = request(addr, "POST", "/api/save", &[], changes);
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["saved"], "whatif-1.csv");
    let saved = desk.scenario.join("desk/whatif-1.csv");
    assert_eq!(std::fs::read(&saved).unwrap(), changes);
    assert!(desk.scenario.join("desk/agrimatch-output.txt").is_file());
    // A bad change file is not saved.
    let (status, _, _) = request(
        addr,
        "POST",
        "/api/save",
        &[],
        b"target,selector,field,op,value\nx,*,y,z,1\n",
    );
    assert_eq!(status, 400);
    assert!(!desk.scenario.join("desk/whatif-2.csv").exists());
}

#[test]
fn concurrent_whatifs_queue_and_all_get_the_same_answer() {
    let scenario = Scenario::base();
    let dir = scenario.write();
    let desk = start(dir.path(), &[]);
    let changes = b"target,selector,field,op,value\nsupply,*,quantity_kg,scale,0.7\n";
    let answers: Vec<f64> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    let (status, _, body) = request(&desk.addr, "POST", "/api/whatif", &[], changes);
                    assert_eq!(status, 200, "{body}");
                    json(&body)["summary"]["objective"].as_f64().unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|&a| a == answers[0]), "{answers:?}");
}

/// The forms' new targets: a support budget and a fairness level, as the
/// page writes them, equal `plan --changes` with the same file.
#[test]
fn support_budget_and_fairness_whatifs_equal_plan_changes() {
    let desk = start(&luodian(), &[]);
    let (status, _, page) = request(&desk.addr, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    for id in ["s-buyer", "s-how", "s-add", "f-how", "f-points", "f-add"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id} not on the page");
    }
    let base = json(&request(&desk.addr, "GET", "/api/plan", &[], b"").2)["summary"]["objective"]
        .as_f64()
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    for (name, rows) in [
        ("support.csv", "support,buyer=Guanshanhu-ecommerce,budget,scale,0.1\n"),
        ("fairness.csv", "settings,-,fair_shortfall,set,0.05\n"),
        (
            "both.csv",
            "settings,-,fair_shortfall,set,0\nsettings,-,fair_shortfall,set,none\nsupport,*,budget,set,0\n",
        ),
    ] {
        let text = format!("target,selector,field,op,value\n{rows}");
        let (status, _, body) = request(
            &desk.addr,
            "POST",
            "/api/whatif",
            &[("Content-Type", "text/csv")],
            text.as_bytes(),
        );
        assert_eq!(status, 200, "{name}: {body}");
        let served = json(&body)["summary"]["objective"].as_f64().unwrap();
        let file = work.path().join(name);
        std::fs::write(&file, &text).unwrap();
        let cli = plan_changes_cost(&desk.scenario, &file);
        assert!(
            (served - cli).abs() / cli.abs().max(1.0) <= 1e-9,
            "{name}: served {served}, plan --changes {cli}"
        );
        assert!((served - base).abs() > 1.0, "{name}: same cost as the base");
    }
    // A bad value names its line and column.
    let bad = b"target,selector,field,op,value\nsettings,-,fair_shortfall,set,2\n";
    let (status, _, body) = request(&desk.addr, "POST", "/api/whatif", &[], bad);
    assert_eq!(status, 400, "{body}");
    let error = json(&body)["error"].as_str().unwrap().to_string();
    assert!(error.contains("changes.csv: line 2, column value"), "{error}");
}

/// Monday with counts typed into the page (the CSV its table sends): the
/// dispatch list comes back, and downloads as CSV and xlsx and opens to print.
#[test]
fn the_monday_routine_with_typed_counts_downloads_csv_xlsx_and_a_page_to_print() {
    let desk = start(&luodian(), &[]);
    let addr = desk.addr.as_str();
    let (_, _, page) = request(addr, "GET", "/", &[], b"");
    for id in ["m-stock-rows", "m-transit-rows", "ids-places", "ids-products"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id} not on the page");
    }
    let stock = "location,product,age_days,quantity_kg\nMuyin-orah,orah-mandarin,7,3000\n";
    let body = serde_json::json!({ "stock": stock }).to_string();
    let (status, _, answer) = request(addr, "POST", "/api/week?from=46&keep=true", &[], body.as_bytes());
    assert_eq!(status, 200, "{answer}");
    let answer = json(&answer);
    assert_eq!(answer["folder"], "2027-W46");
    let dispatch = answer["dispatch"].as_str().unwrap().to_string();
    assert!(dispatch.starts_with("from,to,product,"), "{dispatch}");
    assert!(dispatch.lines().count() > 1, "nothing dispatched: {dispatch}");
    let file = |name: &str| {
        request(
            addr,
            "GET",
            &format!("/api/week/file?from=46&keep=true&file={name}"),
            &[],
            b"",
        )
    };
    let (status, head, csv) = file("dispatch.csv");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-disposition: attachment; filename=\"2027-w46-dispatch.csv\""),
        "{head}"
    );
    assert_eq!(csv.trim_start_matches('\u{feff}'), dispatch);
    let (status, head, xlsx) = file("plan.xlsx");
    assert_eq!(status, 200);
    assert!(head.contains("spreadsheetml"), "{head}");
    assert!(xlsx.starts_with("PK"), "not a zip (xlsx)");
    let (status, head, html) = file("report.html");
    assert_eq!(status, 200);
    assert!(
        !head.contains("content-disposition"),
        "the page opens, it does not download"
    );
    assert!(html.contains("@media print"), "no print layout");
    assert!(html.contains("This week: week 46"), "no dispatch section");
    // A typed row with a bad cell is refused with its line and column.
    let bad =
        serde_json::json!({ "stock": "location,product,age_days,quantity_kg\nMuyin-orah,orah-mandarin,7,lots\n" });
    let (status, _, body) = request(addr, "POST", "/api/week?from=46", &[], bad.to_string().as_bytes());
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("stock.csv: line 2, column quantity_kg"), "{body}");
}

/// Whether `text` holds a Chinese character.
fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn each_reader_picks_the_language_of_the_page_its_answers_and_the_report() {
    use agrimatch::lang::Lang;
    // The server speaks English (`--lang en`); readers choose per browser.
    let desk = start(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny"), &[]);
    let addr = desk.addr.as_str();
    let zh = "agrimatch_lang=zh-CN";
    let (status, head, page) = request(addr, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(!head.contains("agrimatch_lang"), "no choice, no cookie: {head}");
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    assert!(page.contains(&Lang::En.text("serve-nav-base", &[])));
    // The switch names the other language in itself.
    assert!(page.contains("href=\"/?lang=zh-CN\""), "{page}");
    assert!(page.contains(&Lang::En.text("serve-switch-lang", &[])));
    assert!(has_cjk(&Lang::En.text("serve-switch-lang", &[])));
    // Choosing: the page in Chinese, and the choice kept in a cookie.
    let (status, head, page) = request(addr, "GET", "/?lang=zh-CN", &[], b"");
    assert_eq!(status, 200);
    assert!(
        head.contains("set-cookie: agrimatch_lang=zh-cn; samesite=strict; path=/"),
        "{head}"
    );
    assert!(page.contains("<html lang=\"zh-CN\">"), "{page}");
    assert!(page.contains(&Lang::ZhCn.text("serve-nav-base", &[])));
    assert!(page.contains("href=\"/?lang=en\""), "{page}");
    // A language agrimatch does not speak changes nothing.
    let (_, head, page) = request(addr, "GET", "/?lang=fr", &[("Cookie", zh)], b"");
    assert!(!head.contains("set-cookie"), "{head}");
    assert!(page.contains("<html lang=\"zh-CN\">"));
    // The script's words, the report and the error answers follow the
    // cookie, per request, while readers of both languages ask at once.
    let bad = b"target,selector,field,op,value\nsupply,*,quantity_kg,grow,2\n";
    let answers: Vec<_> = (0..8)
        .map(|i| {
            let addr = addr.to_string();
            std::thread::spawn(move || {
                let lang = if i % 2 == 0 { Lang::ZhCn } else { Lang::En };
                let cookie = format!("agrimatch_lang={}", lang.tag());
                let headers = [("Cookie", cookie.as_str())];
                let texts = json(&request(&addr, "GET", "/api/texts", &headers, b"").2);
                let (status, _, body) = request(&addr, "POST", "/api/whatif", &headers, bad);
                assert_eq!(status, 400, "{body}");
                let error = json(&body)["error"].as_str().unwrap().to_string();
                let (status, _, report) = request(&addr, "GET", "/report", &headers, b"");
                assert_eq!(status, 200);
                let (status, _, missing) = request(&addr, "GET", "/no-such-page", &headers, b"");
                assert_eq!(status, 404);
                (lang, texts, error, report, missing)
            })
        })
        .collect();
    let mut reports = std::collections::BTreeMap::new();
    for answer in answers {
        let (lang, texts, error, report, missing) = answer.join().unwrap();
        let key = "serve-js-bad-percent";
        assert_eq!(texts[key].as_str().unwrap(), lang.text(key, &[]), "{lang:?}");
        assert!(error.contains("changes.csv"), "{error}");
        assert_eq!(has_cjk(&error), lang == Lang::ZhCn, "{lang:?}: {error}");
        assert!(report.contains(&format!("<html lang=\"{}\"", lang.tag())), "{lang:?}");
        assert_eq!(
            json(&missing)["error"].as_str().unwrap(),
            lang.text("serve-err-not-found", &[])
        );
        // One report per language, the same bytes for every reader of it.
        let kept = reports.entry(lang.tag()).or_insert_with(|| report.clone());
        assert_eq!(*kept, report, "{lang:?}");
    }
    assert_eq!(reports.len(), 2);
    // The server's own language is untouched: no cookie, English.
    let (_, _, body) = request(addr, "POST", "/api/whatif", &[], bad);
    assert!(!has_cjk(json(&body)["error"].as_str().unwrap()), "{body}");
}

/// Monday with typed counts on a workbook scenario: the counts go into a copy
/// of its sheets, the dispatch list is the folder scenario's to the byte, and
/// the workbook is never written.
#[test]
fn typed_counts_plan_a_workbook_scenario_as_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("luodian.xlsx");
    crate::excel::save(crate::excel::workbook_of(&luodian()), &xlsx);
    let before = std::fs::read(&xlsx).unwrap();
    let stock = "location,product,age_days,quantity_kg\nMuyin-orah,orah-mandarin,7,3000\n";
    let in_transit = "from,to,product,arrive_week,age_days,quantity_kg\n\
                      Muyin-orah,Luodian-collection,orah-mandarin,47,1,800\n";
    let body = serde_json::json!({ "stock": stock, "in_transit": in_transit }).to_string();
    let mut answers = Vec::new();
    let mut uncounted = serde_json::Value::Null;
    for scenario in [luodian(), xlsx.clone()] {
        let desk = start(&scenario, &[]);
        let (status, _, answer) = request(&desk.addr, "POST", "/api/week?from=46", &[], body.as_bytes());
        assert_eq!(status, 200, "{}: {answer}", scenario.display());
        answers.push(json(&answer));
        // The desk planned its own copy: the copied workbook is unchanged too.
        if desk.scenario.is_file() {
            assert_eq!(std::fs::read(&desk.scenario).unwrap(), before);
            let (status, _, answer) = request(&desk.addr, "POST", "/api/week?from=46", &[], b"");
            assert_eq!(status, 200, "{answer}");
            uncounted = json(&answer);
        }
    }
    let (folder, workbook) = (&answers[0], &answers[1]);
    for key in ["dispatch", "next_stock", "next_in_transit", "cost"] {
        assert!(folder[key].is_string(), "{key}: {folder}");
        assert_eq!(folder[key], workbook[key], "{key}");
    }
    assert!(folder["dispatch"].as_str().unwrap().lines().count() > 1);
    assert_eq!(folder["summary"]["objective"], workbook["summary"]["objective"]);
    // The typed counts were used, not the workbook's own stock sheet.
    assert_ne!(uncounted["summary"]["objective"], workbook["summary"]["objective"]);
    assert_eq!(std::fs::read(&xlsx).unwrap(), before, "the workbook is untouched");
}
