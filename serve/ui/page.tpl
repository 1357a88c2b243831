{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>{{TITLE}} · pakn</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/static/app.css">
<script src="/ui/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">{{t_skip}}</a>
<header class="top">
<a class="brand" href="/ui/">pakn <span>{{t_brand}}</span></a>
{{#USER}}<nav class="menu" aria-label="{{t_menu}}"><a href="/ui/">{{t_worklist}}</a><a href="/ui/digest">{{t_digest}}</a></nav>
<div class="who"><span>{{NAME}} · {{ROLE_NAME}}{{#AGENCY}} · {{AGENCY_NAME}}{{/AGENCY}}</span>
<form method="post" action="/ui/logout" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">{{t_logout}}</button></form></div>{{/USER}}
<a class="lang" href="{{LANG_URL}}" lang="{{OTHER_LANG}}">{{OTHER_LANG_NAME}}</a>
</header>
<main id="main">
{{#FLASH}}<p class="flash {{KIND}}" role="status">{{TEXT}}</p>{{/FLASH}}
{{BODY:none}}
</main>
</body>
</html>
