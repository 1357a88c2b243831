{{%AUTOESCAPE context="HTML"}}<h1>{{HEADING}}</h1>
<p class="error" role="alert">{{TEXT}}</p>
<p><a href="/ui/">{{t_worklist}}</a></p>
