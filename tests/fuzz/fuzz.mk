# placeholder: owned by its folder
