"""Starting points for common changes (`cmcheck new --from NAME`): the usual steps and backout.

A technician edits the wording; the shape (what a good plan and backout say) is what the
template gives. Every value here is only a default the wizard offers.
"""

from __future__ import annotations

from typing import NamedTuple


class Template(NamedTuple):
    category: str
    kind: str
    upgrade: bool
    user_connectivity: bool
    facilities: tuple[str, ...]
    plan: str
    steps: tuple[str, ...]
    verification: str
    backout: str
    backout_steps: tuple[str, ...]
    backout_minutes: int
    duration_minutes: int


TEMPLATES: dict[str, Template] = {
    "os-upgrade": Template(
        category="os-upgrade", kind="scheduled", upgrade=True, user_connectivity=True,
        facilities=(), duration_minutes=180,
        plan="Take a full backup and a snapshot, upgrade the operating system in place, "
             "and verify every service.",
        steps=("Take a full backup and a snapshot of the server.",
               "Stop the applications and services that use the server.",
               "Run the operating system upgrade and apply the latest updates.",
               "Start the services and check the event logs."),
        verification="Users can log in and the applications on the server open and save data.",
        backout="Restore the snapshot taken before the upgrade.",
        backout_steps=("Shut the server down.", "Revert to the snapshot taken before the upgrade.",
                       "Start the server and check its services."),
        backout_minutes=60),
    "firmware-upgrade": Template(
        category="firmware-upgrade", kind="scheduled", upgrade=True, user_connectivity=True,
        facilities=(), duration_minutes=120,
        plan="Save the configuration, load the new firmware, reload, and verify.",
        steps=("Back up the running configuration.",
               "Copy the new firmware image and verify its checksum.",
               "Set the device to boot the new image and reload it.",
               "Check every uplink, VLAN and dependent service."),
        verification="Every dependent device is reachable and a user at the site can reach the "
                     "student information system.",
        backout="Boot the previous firmware image kept on the device and restore the saved "
                "configuration.",
        backout_steps=("Set the boot image back to the previous firmware.",
                       "Reload the device and restore the saved configuration if needed."),
        backout_minutes=30),
    "hardware-replacement": Template(
        category="hardware-replacement", kind="scheduled", upgrade=True, user_connectivity=True,
        facilities=(), duration_minutes=180,
        plan="Stage and configure the new equipment, move the connections, and verify.",
        steps=("Configure the new equipment from the old one's backed-up configuration.",
               "Label every cable on the old equipment.",
               "Swap the equipment and move the cables.",
               "Check every connection and dependent service."),
        verification="Every dependent system is reachable and users at the site can work.",
        backout="Put the old equipment back in place with its original cabling.",
        backout_steps=("Remove the new equipment.",
                       "Reinstall the old equipment and reconnect the labelled cables."),
        backout_minutes=60),
    "facilities": Template(
        category="facilities", kind="scheduled", upgrade=False, user_connectivity=True,
        facilities=("electricity",), duration_minutes=240,
        plan="Shut down the affected equipment safely, let the facilities work happen, and "
             "bring the equipment back up.",
        steps=("Confirm the date and time with the maintenance department.",
               "Shut down the servers and network equipment in the affected room.",
               "Wait for the facilities work to finish and the room to be safe.",
               "Start the equipment and check every service."),
        verification="Every server and switch in the room is up and its services answer.",
        backout="Keep the equipment off until the facilities system is restored, then start it.",
        backout_steps=("Leave the equipment shut down.",
                       "Start it once maintenance confirms the system is restored."),
        backout_minutes=30),
    "emergency": Template(
        category="other", kind="unscheduled", upgrade=False, user_connectivity=True,
        facilities=(), duration_minutes=120,
        plan="Restore service as quickly as safely possible.",
        steps=("Find the cause of the outage.", "Repair or replace what failed.",
               "Check that service is restored."),
        verification="Users can reach the affected service again.",
        backout="Return to the state before the repair and keep the workaround in place.",
        backout_steps=("Undo the repair.", "Keep the temporary workaround running."),
        backout_minutes=30),
}
