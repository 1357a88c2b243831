{{%AUTOESCAPE context="HTML"}}<nav class="crumbs"><a href="/ui/">{{t_worklist}}</a></nav>
<h1>{{ID}} <span class="state {{STATE_CLASS}}">{{STATUS}}</span></h1>
<p class="title">{{TITLE}}</p>
{{#ERASED}}<p class="flash" role="status">{{t_erased}} {{AT}}</p>
{{/ERASED}}{{#REVEALED}}<p class="flash pending" role="status">{{t_revealed}} {{REASON}}</p>
{{/REVEALED}}<dl class="facts">
<dt>{{t_deadline}}</dt><dd class="{{DEADLINE_CLASS}}">{{DEADLINE}}</dd>
<dt>{{t_agency}}</dt><dd>{{AGENCY}}{{#ASSIGNEE}} · {{t_assignee}}: {{NAME}}{{/ASSIGNEE}}</dd>
<dt>{{t_topic}}</dt><dd>{{TOPIC}}{{#CORRECTED}} ({{t_corrected}}: {{NAME}}){{/CORRECTED}}</dd>
<dt>{{t_submitted}}</dt><dd>{{SUBMITTED}} · {{CHANNEL}}{{#SOURCE}} ({{NAME}}){{/SOURCE}}</dd>
<dt>{{t_place}}</dt><dd>{{PLACE}}</dd>
<dt>{{t_reporter}}</dt><dd>{{REPORTER}}{{#MASKED}} <small>({{t_masked}})</small>{{/MASKED}}{{#REVEAL}} <small>({{t_masked}})</small>
<details class="reveal"><summary>{{t_reveal}}</summary>
<form method="post" action="/ui/p/{{ID:url_query_escape}}/reveal">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="reason">{{t_reveal_reason}}</label>
<input id="reason" name="reason" required maxlength="1000">
<p class="small">{{t_reveal_hint}}</p>
<button type="submit">{{t_reveal}}</button>
</form></details>{{/REVEAL}}</dd>
{{#PROGRESS}}<dt>{{t_progress}}</dt><dd class="{{CLASS}}">{{TEXT}}</dd>{{/PROGRESS}}
</dl>
<section aria-labelledby="h-route"><h2 id="h-route">{{t_route}}</h2>
<p>{{ROUTE}}</p>
{{#CANDIDATE}}<p class="small">{{t_candidate}}: {{TEXT}}</p>{{/CANDIDATE}}
</section>
<section aria-labelledby="h-text"><h2 id="h-text">{{t_text}}</h2>
<div class="text">{{CONTENT}}</div>
{{#REPAIRS}}<p class="small">{{t_repairs}}: {{TEXT}}</p>{{/REPAIRS}}
<details><summary>{{t_original}}</summary><pre class="text">{{ORIGINAL}}</pre></details>
</section>
{{#ACTIONS}}<section aria-labelledby="h-act" class="actions"><h2 id="h-act">{{t_actions}}</h2>
<form method="post" action="/ui/p/{{ID:url_query_escape}}/action" class="act">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="event_id" value="{{EVENT_ID}}">
<label for="action">{{t_action}}</label>
<select id="action" name="action" required>{{#ACTION}}<option value="{{VALUE}}">{{LABEL}}</option>{{/ACTION}}</select>
<div class="field" data-for="assign transfer"><label for="agency">{{t_to_agency}}</label><select id="agency" name="agency"><option value="">—</option>{{#AGENCY_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>{{/AGENCY_OPT}}</select></div>
<div class="field" data-for="assign transfer start"><label for="assignee">{{t_to_colleague}}</label><input id="assignee" name="assignee" maxlength="64" list="colleagues"><datalist id="colleagues">{{#COLLEAGUE}}<option value="{{USER}}">{{NAME}}</option>{{/COLLEAGUE}}</datalist></div>
<div class="field" data-for="transfer"><label for="topic_new">{{t_new_topic}}</label><select id="topic_new" name="topic"><option value="">—</option>{{#TOPIC_OPT}}<option value="{{VALUE}}">{{LABEL}}</option>{{/TOPIC_OPT}}</select></div>
<div class="field" data-for="duplicate"><label for="of">{{t_duplicate_of}}</label><input id="of" name="of" maxlength="128"></div>
<div class="field" data-for="respond"><label for="response">{{t_response}}</label><textarea id="response" name="response" rows="6" maxlength="20000"></textarea></div>
<div class="field" data-for="respond"><label for="doc_number">{{t_doc_number}}</label><input id="doc_number" name="doc_number" maxlength="100"></div>
<div class="field" data-for="respond"><label for="file_ref">{{t_file_ref}}</label><input id="file_ref" name="file_ref" maxlength="500"></div>
<div class="field" data-for="reject reopen withdraw redirect note respond transfer assign accept start publish close duplicate"><label for="note">{{t_note}}</label><textarea id="note" name="note" rows="3" maxlength="20000"></textarea></div>
<div class="field check" data-for="note respond"><input id="public" name="public" type="checkbox" value="1"><label for="public">{{t_public}}</label></div>
<button type="submit">{{t_do}}</button>
</form>
</section>{{/ACTIONS}}
<section aria-labelledby="h-history"><h2 id="h-history">{{t_history}}</h2>
<table class="history"><thead><tr><th scope="col">#</th><th scope="col">{{t_when}}</th><th scope="col">{{t_event}}</th><th scope="col">{{t_by}}</th><th scope="col">{{t_detail}}</th></tr></thead>
<tbody>{{#EVENT}}<tr class="{{CLASS}}"><td>{{SEQ}}</td><td>{{AT}}</td><td>{{TYPE}}</td><td>{{ACTOR}}</td><td>{{DETAIL}}</td></tr>
{{/EVENT}}</tbody></table>
</section>
