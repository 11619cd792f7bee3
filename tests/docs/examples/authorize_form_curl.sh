#!/bin/sh
# The live authorize page driven with curl: log in as a target user, approve, print where the
# page redirects to (the redirect URI with code, scopes and state).
#   URL: an authorize URL of the live server (tiktok-sandbox serve prints one per sandbox)
#   USERNAME, PASSWORD: a target user's (printed by tiktok-sandbox serve too)
set -eu
jar=$(mktemp)
consent=$(curl -s -c "$jar" -b "$jar" "$URL" \
  -d action=login --data-urlencode "username=$USERNAME" --data-urlencode "password=$PASSWORD")
open_id=$(printf '%s' "$consent" | sed -n 's/.*name="open_id" value="\([^"]*\)".*/\1/p')
form_token=$(printf '%s' "$consent" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
curl -s -o /dev/null -w '%{redirect_url}\n' -c "$jar" -b "$jar" "$URL" \
  -d action=approve --data-urlencode "open_id=$open_id" --data-urlencode "form_token=$form_token"
rm -f "$jar"
