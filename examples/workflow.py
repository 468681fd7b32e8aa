"""The seed page's complete workflow against a Prospect API server: search, create a list, save.

    PROSPECT_API_URL=http://localhost:3000 PROSPECT_API_KEY=wbk_... python3 examples/workflow.py

Apart from the base URL, one thing differs from the page this service was born from: it can be
run again. List names are unique in a workspace, so when the list exists already (a previous
run, or the README's curls) the script adds to that list; contacts are never saved twice.
"""
import os
import sys

import requests

BASE_URL = os.environ.get("PROSPECT_API_URL", "http://localhost:3000").rstrip("/")
API_KEY = os.environ.get("PROSPECT_API_KEY")
LIST_NAME = os.environ.get("PROSPECT_LIST_NAME", "Law Firm CEOs")

if not API_KEY:
    sys.exit("Set PROSPECT_API_KEY to a key with read and write scopes (wbk_...).")

headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}


def check(response):
    """Stops with the API's own error message (one error shape for every error)."""
    if not response.ok:
        error = response.json().get("error", {})
        sys.exit(f"{response.status_code} {error.get('code')}: {error.get('message')} ({error.get('request_id')})")
    return response


def find_list(name):
    """The id of the list with this name: names are unique ignoring case, and `search` matches
    part of a name, so the pages are read until the whole name matches."""
    page = 1
    while True:
        response = check(requests.get(
            f"{BASE_URL}/v1/lists",
            headers=headers,
            params={"search": name, "per_page": 100, "page": page}
        )).json()
        for found in response["data"]["lists"]:
            if found["name"].lower() == name.strip().lower():
                return found["id"]
        if page * response["meta"]["per_page"] >= response["meta"]["total"]:
            sys.exit(f'No list named "{name}" found')
        page += 1


# Step 1: Search for prospects
search_response = requests.post(
    f"{BASE_URL}/v1/prospects/search",
    headers=headers,
    json={
        "query": {
            "person_titles": ["CEO"],
            "organization_industries": ["Legal"]
        },
        "per_page": 50
    }
)
check(search_response)
prospects = search_response.json()["data"]["prospects"]
print(f"Found {len(prospects)} prospects")

# Step 2: Create a list (or use the one of that name that exists already)
list_response = requests.post(
    f"{BASE_URL}/v1/lists",
    headers=headers,
    json={"name": LIST_NAME, "description": "Q1 Campaign"}
)
if list_response.status_code == 409 and list_response.json()["error"]["code"] == "duplicate_name":
    list_id = find_list(LIST_NAME)
    print(f'List "{LIST_NAME}" exists already: adding to it')
else:
    check(list_response)
    list_id = list_response.json()["data"]["id"]

# Step 3: Save prospects to CRM and list
save_response = requests.post(
    f"{BASE_URL}/v1/prospects/save",
    headers=headers,
    json={
        "prospects": prospects,
        "list_id": list_id
    }
)
check(save_response)

result = save_response.json()["data"]
saved = f"Saved {result['created']} contacts to list {list_id}"
if result["skipped"]:
    # Prospects saved before are not created again (`created` counts new contacts only),
    # but they are members of the list all the same.
    saved += f"; skipped {result['skipped']} already saved (they are in the list too)"
print(saved)
