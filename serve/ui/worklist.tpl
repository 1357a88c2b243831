{{%AUTOESCAPE context="HTML"}}<h1>{{t_worklist}} <small>{{SCOPE}}</small></h1>
<nav class="tabs" aria-label="{{t_lists}}">{{#TAB}}<a href="/ui/?tab={{KEY}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a>{{/TAB}}</nav>
<form class="filters" method="get" action="/ui/" role="search">
<input type="hidden" name="tab" value="{{TAB_KEY}}">
<div><label for="q">{{t_search}}</label><input id="q" type="search" name="q" value="{{Q}}" maxlength="200" placeholder="{{t_search_hint}}"></div>
<div><label for="status">{{t_status}}</label><select id="status" name="status"><option value="">{{t_any}}</option>{{#STATUS_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>{{/STATUS_OPT}}</select></div>
<div><label for="topic">{{t_topic}}</label><select id="topic" name="topic"><option value="">{{t_any}}</option>{{#TOPIC_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>{{/TOPIC_OPT}}</select></div>
{{#AGENCY_FILTER}}<div><label for="agency">{{t_agency}}</label><select id="agency" name="agency"><option value="">{{t_any}}</option>{{#AGENCY_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>{{/AGENCY_OPT}}</select></div>{{/AGENCY_FILTER}}
<div><label for="area">{{t_area}}</label><select id="area" name="area"><option value="">{{t_any}}</option>{{#AREA_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>{{/AREA_OPT}}</select></div>
<div><label for="from">{{t_from}}</label><input id="from" type="date" name="from" value="{{FROM}}"></div>
<div><label for="to">{{t_to}}</label><input id="to" type="date" name="to" value="{{TO}}"></div>
<div><label for="sort">{{t_sort}}</label><select id="sort" name="sort"><option value="due"{{#SORT_DUE}} selected{{/SORT_DUE}}>{{t_sort_due}}</option><option value="day"{{#SORT_DAY}} selected{{/SORT_DAY}}>{{t_sort_day}}</option></select></div>
<div class="go"><button type="submit">{{t_filter}}</button></div>
</form>
{{#ERROR}}<p class="error" role="alert">{{TEXT}}</p>{{/ERROR}}
<table class="list">
<caption>{{CAPTION}}</caption>
<thead><tr><th scope="col">{{t_id}}</th><th scope="col">{{t_title}}</th><th scope="col">{{t_status}}</th><th scope="col">{{t_topic}}</th><th scope="col">{{t_agency}}</th><th scope="col">{{t_due}}</th></tr></thead>
<tbody>
{{#ROW}}<tr class="{{CLASS}}"><td data-label="{{t_id}}"><a href="/ui/p/{{ID:url_query_escape}}">{{ID}}</a></td><td data-label="{{t_title}}">{{TITLE}}</td><td data-label="{{t_status}}">{{STATUS}}</td><td data-label="{{t_topic}}">{{TOPIC}}</td><td data-label="{{t_agency}}">{{AGENCY}}</td><td data-label="{{t_due}}">{{DUE}}</td></tr>
{{/ROW}}</tbody>
</table>
{{#EMPTY}}<p class="empty">{{t_none}}</p>{{/EMPTY}}
<nav class="pages" aria-label="{{t_pages}}">{{#FIRST}}<a href="{{URL}}">{{t_first}}</a>{{/FIRST}}{{#NEXT}}<a href="{{URL}}" rel="next">{{t_next}}</a>{{/NEXT}}</nav>
