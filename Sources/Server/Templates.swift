import Mustache

/// The pages' Mustache templates, compiled into the binary (no files to deploy beside it).
/// Every value is escaped (`{{x}}`) except `{{{body}}}` and `{{{style}}}`, which the server
/// itself rendered.
enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in all {
            do { try library.register(text, named: name) } catch { fatalError("template \(name): \(error)") }
        }
        return library
    }()

    static let all: [String: String] = [
        "layout": layout, "home": home, "survey": survey, "thanks": thanks, "message": message,
        "login": login, "officer": officer, "upload": upload, "decision": decision,
        "standingForm": standingForm, "standing": standing, "reply": reply,
    ]

    static let style = """
        :root { --ink: #1a1a1a; --accent: #5e3c99; --error: #b00020; --line: #c8c8c8; }
        * { box-sizing: border-box; }
        body { font: 1.05rem/1.5 system-ui, sans-serif; color: var(--ink); margin: 0; }
        header, main, footer { max-width: 46rem; margin: 0 auto; padding: 1rem; }
        header { display: flex; flex-wrap: wrap; gap: 1rem; justify-content: space-between; align-items: baseline; border-bottom: 1px solid var(--line); }
        a { color: var(--accent); }
        a:focus, input:focus, select:focus, textarea:focus, button:focus { outline: 3px solid #000; outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .75rem 1rem; }
        legend { font-weight: 600; padding: 0 .25rem; }
        .scale { display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
        .scale label, .choices label { display: inline-flex; gap: .35rem; align-items: center; min-height: 44px; }
        .choices label { display: flex; }
        input[type=radio], input[type=checkbox] { width: 1.3rem; height: 1.3rem; }
        input[type=text], input[type=number], input[type=password], select, textarea { font: inherit; padding: .5rem; border: 1px solid #767676; border-radius: 4px; max-width: 100%; }
        textarea { width: 100%; min-height: 8rem; }
        button { font: inherit; padding: .6rem 1.2rem; border-radius: 4px; border: 2px solid var(--accent); background: var(--accent); color: #fff; min-height: 44px; }
        button.secondary { background: #fff; color: var(--accent); }
        .error { color: var(--error); font-weight: 600; }
        [aria-invalid=true] { border-color: var(--error); }
        .summary { border: 3px solid var(--error); padding: .5rem 1rem; border-radius: 6px; }
        .notice { border-left: 4px solid var(--accent); padding: .25rem 1rem; background: #f4f0fa; }
        table { border-collapse: collapse; } th, td { text-align: left; padding: .25rem .75rem .25rem 0; border-bottom: 1px solid var(--line); }
        table.standing { width: 100%; margin: 0 0 1.5rem; } .standing caption { text-align: left; font-weight: 600; font-size: 1.15rem; padding: .5rem 0; }
        .standing tbody th { font-weight: normal; }
        details { margin: 0 0 1rem; } summary { min-height: 44px; padding: .5rem 0; cursor: pointer; }
        .hint { font-size: .9rem; color: #4a4a4a; }
        @media print { header nav, button { display: none; } }
        """

    static let layout = """
        <!doctype html>
        <html lang="{{lang}}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{consultation}}</title><style>{{{style}}}</style></head>
        <body>
        <a class="skip" href="#main">{{t.skip}}</a>
        <header><strong>{{consultation}}</strong>
        <nav aria-label="{{t.languages}}">{{#otherLanguage}}<a href="{{href}}" lang="{{code}}" hreflang="{{code}}">{{name}}</a>{{/otherLanguage}}
        {{#officerName}} · {{officerName}} <form method="post" action="/beheer/uitloggen" style="display:inline"><input type="hidden" name="csrf" value="{{csrf}}"><button class="secondary" type="submit">{{t.logout}}</button></form>{{/officerName}}</nav>
        </header>
        <main id="main">{{{body}}}</main>
        <footer><small>Draagvlak {{version}}</small></footer>
        </body></html>
        """

    static let home = """
        <h1>{{surveyTitle}}</h1>
        {{#introduction}}<p>{{introduction}}</p>{{/introduction}}
        {{#closed}}<p class="notice">{{t.closed}} {{#visionLink}}<a href="{{visionLink}}">{{t.readVision}}</a>{{/visionLink}}</p>
        {{#standingLink}}<p><a href="{{standingLink}}">{{t.standingLink}}</a></p>{{/standingLink}}{{/closed}}
        {{^closed}}
        {{#invitation}}
        <form method="post" action="/enquete">
        <input type="hidden" name="action" value="open">
        {{#codeError}}<p class="error" id="code-error">{{codeError}}</p>{{/codeError}}
        <label for="code">{{t.codeLabel}}</label><br>
        <input type="text" id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" {{#codeError}}aria-invalid="true" aria-describedby="code-error"{{/codeError}} required>
        <input type="hidden" name="lang" value="{{lang}}">
        <button type="submit">{{t.start}}</button>
        </form>
        {{/invitation}}
        {{^invitation}}<p><a href="/enquete?lang={{lang}}">{{t.start}}</a></p>{{/invitation}}
        {{/closed}}
        """

    static let survey = """
        <h1>{{surveyTitle}}</h1>
        {{#introduction}}<p>{{introduction}}</p>{{/introduction}}
        {{#saved}}<p class="notice" role="status">{{t.saved}}</p>{{/saved}}
        {{#hasErrors}}
        <div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1">
        <h2 id="summary-title">{{t.errorsTitle}}</h2>
        <ul>{{#errors}}<li><a href="#{{anchor}}">{{label}}: {{message}}</a></li>{{/errors}}</ul>
        </div>
        {{/hasErrors}}
        <form method="post" action="/enquete" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="lang" value="{{lang}}">
        {{#code}}<input type="hidden" name="code" value="{{code}}">{{/code}}
        {{#themes}}
        <h2>{{title}}</h2>
        {{#statements}}
        <fieldset id="{{anchor}}" {{#error}}aria-describedby="{{anchor}}-error"{{/error}}>
        <legend>{{text}}</legend>
        {{#error}}<p class="error" id="{{anchor}}-error">{{error}}</p>{{/error}}
        <div class="scale">{{#options}}<label><input type="radio" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}} {{#firstID}}id="{{firstID}}" {{/firstID}}{{#invalid}}aria-invalid="true" {{/invalid}}{{#describedBy}}aria-describedby="{{describedBy}}"{{/describedBy}}> {{label}}</label>{{/options}}</div>
        </fieldset>
        {{/statements}}
        {{/themes}}
        {{#questions}}
        <fieldset id="{{anchor}}" {{#error}}aria-describedby="{{anchor}}-error"{{/error}}>
        <legend>{{text}}</legend>
        {{#hint}}<p id="{{anchor}}-hint">{{hint}}</p>{{/hint}}
        {{#error}}<p class="error" id="{{anchor}}-error">{{error}}</p>{{/error}}
        {{#radios}}<div class="choices">{{#options}}<label><input type="radio" name="{{name}}" value="{{value}}" {{#checked}}checked{{/checked}} {{#firstID}}id="{{firstID}}" {{/firstID}}{{#invalid}}aria-invalid="true" {{/invalid}}{{#describedBy}}aria-describedby="{{describedBy}}"{{/describedBy}}> {{label}}</label>{{/options}}</div>{{/radios}}
        {{#checkboxes}}<div class="choices">{{#options}}<label><input type="checkbox" name="{{name}}" value="1" {{#checked}}checked{{/checked}} {{#firstID}}id="{{firstID}}" {{/firstID}}{{#invalid}}aria-invalid="true" {{/invalid}}{{#describedBy}}aria-describedby="{{describedBy}}"{{/describedBy}}> {{label}}</label>{{/options}}</div>{{/checkboxes}}
        {{#selects}}<p><label for="{{id}}">{{label}}</label><br><select id="{{id}}" name="{{name}}" {{#invalid}}aria-invalid="true" {{/invalid}}{{#describedBy}}aria-describedby="{{describedBy}}"{{/describedBy}}><option value="">—</option>{{#options}}<option value="{{value}}" {{#checked}}selected{{/checked}}>{{label}}</option>{{/options}}</select></p>{{/selects}}
        {{#numbers}}<p><label for="{{id}}">{{label}}</label><br><input type="number" inputmode="numeric" min="0" id="{{id}}" name="{{name}}" value="{{value}}" {{#invalid}}aria-invalid="true" {{/invalid}}{{#describedBy}}aria-describedby="{{describedBy}}"{{/describedBy}}></p>{{/numbers}}
        {{#textarea}}<label for="{{id}}" class="skip">{{label}}</label><textarea id="{{id}}" name="{{name}}" maxlength="4000" {{#invalid}}aria-invalid="true" {{/invalid}}{{#describedBy}}aria-describedby="{{describedBy}}"{{/describedBy}}>{{value}}</textarea>{{/textarea}}
        </fieldset>
        {{/questions}}
        <p><button type="submit" name="action" value="send">{{t.send}}</button>
        {{#code}} <button class="secondary" type="submit" name="action" value="save">{{t.save}}</button>{{/code}}</p>
        </form>
        """

    static let thanks = """
        <h1>{{t.thanksTitle}}</h1>
        <p>{{t.thanksText}}</p>
        """

    static let message = """
        <h1>{{heading}}</h1>
        <p>{{text}}</p>
        {{#link}}<p><a href="{{href}}">{{label}}</a></p>{{/link}}
        """

    /// "Where you stand": the code (by POST only), then the resident's answers beside the shares.
    static let standingForm = """
        <h1>{{t.standingFormTitle}}</h1>
        <p>{{t.standingFormIntro}}</p>
        <form method="post" action="/mijn-antwoorden">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="lang" value="{{lang}}">
        {{#codeError}}<p class="error" id="code-error" role="alert">{{codeError}}</p>{{/codeError}}
        <p><label for="code">{{t.codeLabel}}</label><br>
        <input type="text" id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" {{#codeError}}aria-invalid="true" aria-describedby="code-error"{{/codeError}} required></p>
        <p><button type="submit">{{t.standingShow}}</button></p>
        </form>
        <p><a href="/visie?lang={{lang}}">{{t.readVision}}</a></p>
        """

    static let standing = """
        <h1>{{t.standingTitle}}</h1>
        <p>{{t.standingIntro}}</p>
        {{#districtIntro}}<p>{{districtIntro}}</p>{{/districtIntro}}
        {{#sections}}
        <table class="standing">
        <caption>{{title}}</caption>
        <thead><tr><th scope="col">{{t.statement}}</th><th scope="col">{{t.yourAnswer}}</th><th scope="col">{{t.everyoneAgrees}}</th>{{#hasDistrict}}<th scope="col">{{districtHeading}}</th>{{/hasDistrict}}</tr></thead>
        <tbody>
        {{#rows}}<tr><th scope="row">{{text}}</th><td>{{answer}}</td><td>{{everyone}}</td>{{#hasDistrict}}<td>{{district}}</td>{{/hasDistrict}}</tr>
        {{/rows}}
        </tbody>
        </table>
        {{/sections}}
        <p class="notice">{{privacy}} {{t.standingOwn}}</p>
        <p><a href="/visie?lang={{lang}}">{{t.readVision}}</a></p>
        """

    static let login = """
        <h1>{{t.loginTitle}}</h1>
        {{#error}}<p class="error" id="login-error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/beheer/inloggen">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="lang" value="{{lang}}">
        <p><label for="name">{{t.name}}</label><br><input type="text" id="name" name="name" autocomplete="username" required {{#error}}aria-describedby="login-error"{{/error}}></p>
        <p><label for="password">{{t.password}}</label><br><input type="password" id="password" name="password" autocomplete="current-password" required></p>
        <p><button type="submit">{{t.login}}</button></p>
        </form>
        """

    static let officer = """
        <h1>{{t.officerTitle}}</h1>
        <ul><li><a href="/beheer/visie">{{t.vision}}</a></li><li><a href="/beheer/import">{{t.upload}}</a></li><li><a href="/beheer/besluit">{{t.decision}}</a></li><li><a href="/beheer/reactie">{{t.reply}}</a></li></ul>
        <h2>{{t.status}}</h2>
        <p>{{respondents}} {{respondentsNoun}}{{#invitations}} · {{answered}} / {{total}} {{noun}}{{/invitations}}{{#signals}} · {{answers}} {{noun}}, {{sharing}} {{t.sharingSignal}}{{/signals}}</p>
        <table><caption>{{t.batches}}</caption><thead><tr><th scope="col">{{t.file}}</th><th scope="col">{{t.format}}</th><th scope="col">{{t.added}}</th><th scope="col">{{t.importedAt}}</th></tr></thead>
        <tbody>{{#batches}}<tr><td>{{file}}</td><td>{{format}}</td><td>{{added}}</td><td>{{importedAt}}</td></tr>{{/batches}}</tbody></table>
        """

    static let upload = """
        <h1>{{t.upload}}</h1>
        {{#result}}<p class="notice" role="status">{{result}}</p>{{/result}}
        {{#hasErrors}}<div class="summary" role="alert"><h2>{{t.uploadRejected}}</h2><p>{{summary}}</p><ul>{{#errors}}<li>{{.}}</li>{{/errors}}</ul></div>{{/hasErrors}}
        <form method="post" action="/beheer/import" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="file">{{t.exportFile}}</label><br><input type="file" id="file" name="file" required></p>
        <p><button type="submit">{{t.importButton}}</button></p>
        </form>
        """

    static let decision = """
        <h1>{{t.decision}}</h1>
        {{#hasErrors}}<div class="summary" role="alert"><h2>{{t.decisionRejected}}</h2><ul>{{#errors}}<li>{{.}}</li>{{/errors}}</ul></div>{{/hasErrors}}
        <form method="post" action="/beheer/besluit">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="yaml">{{t.decisionYAML}}</label><br><textarea id="yaml" name="yaml" rows="20" spellcheck="false">{{yaml}}</textarea></p>
        <p><button type="submit">{{t.assess}}</button></p>
        </form>
        <form method="post" action="/beheer/besluit" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="decision-file">{{t.decisionFile}}</label><br><input type="file" id="decision-file" name="file" accept=".yaml,.yml" required></p>
        <p><button type="submit">{{t.assess}}</button></p>
        </form>
        """

    /// One select (`verdict`, `wave`) or textarea (`nl`, `en`, the introduction) of the reply
    /// form, inside a section of its field: label, problem (tied by `aria-describedby`), control.
    private static let replySelect = """
        <p><label for="{{id}}">{{label}}</label>{{#error}}<br><span class="error" id="{{errorID}}">{{error}}</span>{{/error}}<br>\
        <select id="{{id}}" name="{{name}}"{{#error}} aria-invalid="true" aria-describedby="{{errorID}}"{{/error}}>\
        {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select></p>
        """

    private static let replyText = """
        <p><label for="{{id}}">{{label}}</label>{{#error}}<br><span class="error" id="{{errorID}}">{{error}}</span>{{/error}}<br>\
        <textarea id="{{id}}" name="{{name}}" rows="3" maxlength="10000"{{#error}} aria-invalid="true" aria-describedby="{{errorID}}"{{/error}}>\
        {{value}}</textarea></p>
        """

    /// The fields of one theme or statement: verdict, Dutch text, English text.
    private static let replySubject = """
        {{#subject}}{{#verdict}}\(replySelect){{/verdict}}{{#nl}}\(replyText){{/nl}}{{#en}}\(replyText){{/en}}{{/subject}}
        """

    /// The municipality's reply, per theme and (folded away) per statement; no script needed.
    static let reply = """
        <h1>{{t.replyTitle}}</h1>
        <p>{{t.replyIntro}}</p>
        {{#saved}}<p class="notice" role="status">{{t.replySaved}}</p>{{/saved}}
        {{#hasFileProblems}}<div class="summary" role="alert"><h2>{{t.replyFileProblems}}</h2><ul>{{#fileProblems}}<li>{{.}}</li>{{/fileProblems}}</ul></div>{{/hasFileProblems}}
        {{#hasErrors}}
        <div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1">
        <h2 id="summary-title">{{t.replyRejected}}</h2>
        <ul>{{#errors}}<li><a href="#{{anchor}}">{{label}}: {{message}}</a></li>{{/errors}}</ul>
        </div>
        {{/hasErrors}}
        <form method="post" action="/beheer/reactie" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="lang" value="{{lang}}">
        {{#date}}<p><label for="{{id}}">{{label}}</label> <span class="hint">{{t.replyDateHint}}</span>{{#error}}<br><span class="error" id="{{errorID}}">{{error}}</span>{{/error}}<br>\
        <input type="text" id="{{id}}" name="{{name}}" value="{{value}}" maxlength="100"{{#error}} aria-invalid="true" aria-describedby="{{errorID}}"{{/error}}></p>{{/date}}
        {{#wave}}\(replySelect){{/wave}}
        <fieldset><legend>{{t.replyIntroduction}}</legend>
        {{#introNL}}\(replyText){{/introNL}}
        {{#introEN}}\(replyText){{/introEN}}
        </fieldset>
        {{#themes}}
        <fieldset id="{{anchor}}">
        <legend>{{title}}</legend>
        \(replySubject)
        <details{{#open}} open{{/open}}><summary>{{statementsSummary}}</summary>
        {{#statements}}
        <fieldset><legend>{{id}}: {{text}}</legend>
        \(replySubject)
        </fieldset>
        {{/statements}}
        </details>
        </fieldset>
        {{/themes}}
        <p><button type="submit">{{t.replySave}}</button></p>
        </form>
        """
}
