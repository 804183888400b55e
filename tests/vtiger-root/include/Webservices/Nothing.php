<?php

// Defines no function at all.
$vtws_registry_nothing = true;
