"""One sandbox shared by 8 threads issuing 1 000 mixed requests each: nothing lost, nothing
duplicated, every call counted, rate limits counted exactly."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import requests

from pytest_tiktok_sandbox import TikTokSandbox

THREADS = 8
PER_THREAD = 1000
CALLBACK = "https://example.com/auth/tiktok/callback"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
INFO_URL = "https://open.tiktokapis.com/v2/user/info/?fields=open_id"


def run_threads(work: Callable[[int], None]) -> None:
    """``work(i)`` in THREADS threads at once, i from 0; returns when all have ended."""
    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_eight_threads_share_one_sandbox() -> None:
    with TikTokSandbox(seed=3, target_users=THREADS) as tt:
        tt.clock.freeze()  # one rate-limit window for the whole run
        sandbox = tt.sandbox
        client = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret}
        grants = [sandbox.sign_in(user, "user.info.basic") for user in tt.target_users]
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

        run_threads(work)
        assert errors == []
        total = sum(outcomes, Counter())
        assert total["client_token"] == total["refresh"] == THREADS * PER_THREAD // 4
        assert total["miss 404"] == THREADS * PER_THREAD // 4
        # the Display API allows 600 requests a minute per app: exactly 600 got through
        assert total["info 200"] == 600
        assert total["info 429"] == THREADS * PER_THREAD // 4 - 600
        # counted in /v2/user/info/'s own window; the other Display endpoints' stay empty
        limiter = tt.api.api.rate_limiter
        assert limiter.count("user_info", sandbox.client_key) == 600
        assert limiter.count("video_list", sandbox.client_key) == limiter.count("video_query", sandbox.client_key) == 0
        # every call was logged once, and every client token is distinct
        assert len(tt.api.calls) == setup_calls + THREADS * PER_THREAD
        every_token = [t for tokens in client_tokens for t in tokens]
        assert len(set(every_token)) == len(every_token)
        # each refresh chain stayed intact: exactly one live refresh token per user
        assert len(tt.portal.login_kit.grants()) == THREADS


POSTS_PER_THREAD = 20
INIT_URL = "https://open.tiktokapis.com/v2/post/publish/video/init/"


def test_eight_creators_posting_at_once_get_exactly_the_caps() -> None:
    """8 private creators post 20 times each, all at once, through one sandbox (per-token rate
    limits off, so that only the daily caps decide): exactly 5 creators get in (the
    unaudited-client cap), each exactly 15 times (the per-creator cap); every accepted post
    exists once, and each upload completes."""
    from pytest_tiktok_sandbox import ApiSettings

    settings = ApiSettings(rate_limits=False)
    with TikTokSandbox(
        seed=4,
        target_users=THREADS,
        products=["login_kit", "content_posting_api"],
        scopes=["video.publish"],
        direct_post=True,
        settings=settings,
    ) as tt:
        sandbox = tt.sandbox
        tokens = [sandbox.sign_in(user, "user.info.basic,video.publish")["access_token"] for user in tt.target_users]
        outcomes: list[Counter[str]] = [Counter() for _ in range(THREADS)]
        accepted: list[list[str]] = [[] for _ in range(THREADS)]
        errors: list[BaseException] = []
        start = threading.Barrier(THREADS)
        body = {
            "post_info": {"privacy_level": "SELF_ONLY"},
            "source_info": {"source": "FILE_UPLOAD", "video_size": 100, "chunk_size": 100, "total_chunk_count": 1},
        }

        def work(index: int) -> None:
            try:
                session = requests.Session()
                headers = {"Authorization": f"Bearer {tokens[index]}"}
                start.wait()
                for _ in range(POSTS_PER_THREAD):
                    answer = session.post(INIT_URL, json=body, headers=headers)
                    code = answer.json()["error"]["code"]
                    outcomes[index][code] += 1
                    if code == "ok":
                        data = answer.json()["data"]
                        accepted[index].append(data["publish_id"])
                        put = session.put(
                            data["upload_url"],
                            data=bytes(100),
                            headers={"Content-Type": "video/mp4", "Content-Range": "bytes 0-99/100"},
                        )
                        outcomes[index][f"put {put.status_code}"] += 1
            except BaseException as error:
                errors.append(error)

        run_threads(work)
        assert errors == []
        posters = [i for i in range(THREADS) if accepted[i]]
        assert len(posters) == 5
        assert all(outcomes[i]["ok"] == 15 and outcomes[i]["spam_risk_too_many_posts"] == 5 for i in posters)
        shut_out = [i for i in range(THREADS) if not accepted[i]]
        assert all(outcomes[i]["unaudited_client_can_only_post_to_private_accounts"] == 20 for i in shut_out)
        every_id = [p for ids in accepted for p in ids]
        assert len(every_id) == len(set(every_id)) == 75 == len(tt.portal.posting)
        assert sum(o["put 201"] for o in outcomes) == 75
        assert all(p.upload is not None and p.upload.completed_at is not None for p in tt.portal.posting)
