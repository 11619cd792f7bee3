"""One sandbox shared by 8 threads issuing 1 000 mixed requests each: nothing lost, nothing
duplicated, every call counted, rate limits counted exactly."""

from __future__ import annotations

import threading
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import requests

from pytest_tiktok_sandbox import TikTokSandbox

THREADS = 8
PER_THREAD = 1000
CALLBACK = "https://example.com/auth/tiktok/callback"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
INFO_URL = "https://open.tiktokapis.com/v2/user/info/?fields=open_id"


def test_eight_threads_share_one_sandbox() -> None:
    with TikTokSandbox(seed=3, target_users=THREADS) as tt:
        tt.clock.freeze()  # one rate-limit window for the whole run
        sandbox = tt.sandbox
        client = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret}
        grants = []
        for user in tt.target_users:
            code = parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]
            form = {**client, "code": code, "grant_type": "authorization_code", "redirect_uri": CALLBACK}
            grants.append(requests.post(TOKEN_URL, data=form).json())
        setup_calls = len(tt.api.calls)
        outcomes: list[Counter[str]] = [Counter() for _ in range(THREADS)]
        client_tokens: list[list[str]] = [[] for _ in range(THREADS)]
        errors: list[BaseException] = []
        start = threading.Barrier(THREADS)

        def work(index: int) -> None:
            try:
                session = requests.Session()
                refresh = grants[index]["refresh_token"]
                access = grants[index]["access_token"]
                start.wait()
                for step in range(PER_THREAD):
                    kind = step % 4
                    if kind == 0:
                        answer = session.post(TOKEN_URL, data={**client, "grant_type": "client_credentials"}).json()
                        client_tokens[index].append(answer["access_token"])
                        outcomes[index]["client_token"] += 1
                    elif kind == 1:
                        form = {**client, "grant_type": "refresh_token", "refresh_token": refresh}
                        answer = session.post(TOKEN_URL, data=form).json()
                        refresh, access = answer["refresh_token"], answer["access_token"]
                        outcomes[index]["refresh"] += 1
                    elif kind == 2:
                        info = session.get(INFO_URL, headers={"Authorization": f"Bearer {access}"})
                        outcomes[index][f"info {info.status_code}"] += 1
                        if info.status_code == 200:
                            assert info.json()["data"]["user"]["open_id"] == tt.target_users[index].open_id
                    else:
                        miss = session.get("https://open.tiktokapis.com/v2/nowhere/")
                        outcomes[index][f"miss {miss.status_code}"] += 1
            except BaseException as error:  # surfaced below with the thread's index
                errors.append(error)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        total = sum(outcomes, Counter())
        assert total["client_token"] == total["refresh"] == THREADS * PER_THREAD // 4
        assert total["miss 404"] == THREADS * PER_THREAD // 4
        # the Display API allows 600 requests a minute per app: exactly 600 got through
        assert total["info 200"] == 600
        assert total["info 429"] == THREADS * PER_THREAD // 4 - 600
        # every call was logged once, and every client token is distinct
        assert len(tt.api.calls) == setup_calls + THREADS * PER_THREAD
        every_token = [t for tokens in client_tokens for t in tokens]
        assert len(set(every_token)) == len(every_token)
        # each refresh chain stayed intact: exactly one live refresh token per user
        assert len(tt.portal.login_kit.grants()) == THREADS
