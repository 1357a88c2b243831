{{%AUTOESCAPE context="HTML"}}<section class="login">
<h1>{{t_signin}}</h1>
{{#ERROR}}<p class="error" role="alert">{{TEXT}}</p>{{/ERROR}}
<form method="post" action="/ui/login">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="next" value="{{NEXT}}">
<label for="user">{{t_user}}</label>
<input id="user" name="user" autocomplete="username" required maxlength="64" value="{{USER}}" autofocus>
<label for="password">{{t_password}}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">{{t_signin}}</button>
</form>
</section>
