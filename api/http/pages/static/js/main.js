// One entry point: shows who is calling, then starts the script of the page it is on.

import { setUpKeyForm, whoami } from "./api.js";
import { showError } from "./dom.js";

const PAGES = {
  documents: () => import("./documents.js"),
  document: () => import("./document.js"),
  ask: () => import("./ask.js"),
  map: () => import("./map.js"),
  jobs: () => import("./jobs.js"),
};

async function start() {
  setUpKeyForm();
  whoami()
    .then((caller) => {
      document.getElementById("caller").textContent =
        `${caller.name}: ${caller.scopes.join(", ")}`;
    })
    .catch(() => {});
  const page = document.body.dataset.page;
  try {
    const module = await PAGES[page]();
    await module.start();
  } catch (error) {
    showError(error);
  }
}

start();
